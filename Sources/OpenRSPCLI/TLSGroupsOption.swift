import ArgumentParser
import RSPHTTP

extension TLSKeyExchangeGroup {
    /// `--tls-groups LIST` as `serve` and `bench` take it; nil when it is not given.
    static func option(_ list: String?) throws -> [TLSKeyExchangeGroup]? {
        do { return try list.map(Self.list) } catch {
            throw ValidationError("--tls-groups: \(error)")
        }
    }
}
