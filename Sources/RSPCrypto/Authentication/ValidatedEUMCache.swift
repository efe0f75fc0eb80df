import Synchronization
import X509

/// EUM certificates that passed validation against a trusted CI, keyed by their exact DER.
///
/// Every AuthenticateClient presents the EUM certificate of its eUICC's manufacturer, and a server
/// sees few of them: parsing it and verifying the CI's signature on it again for every download
/// cost as much as the eUICC's own checks. What is cached is a pure function of the bytes (the
/// parse, the CI signature, the role policy, key usage and CA flag of EUM and CI). What depends on
/// the request is still checked on every hit: the validity dates of EUM and CI at the time of use,
/// that the CI is still among the trusted ones and is the one the session chose. Certificates
/// with other bytes (a tampered EUM) miss and are validated, and refused, from scratch. Only
/// successes are cached.
public final class ValidatedEUMCache: Sendable {
    /// A validated EUM and the CI certificate it was validated against.
    public struct Entry: Sendable {
        public let eum: Certificate
        public let ci: Certificate
    }

    /// Far more EUMs than a server meets; past this many the cache starts over rather than grow
    /// (a miss only costs the validation it saves).
    public static let capacity = 64
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    public init() {}

    func entry(der: [UInt8]) -> Entry? { entries.withLock { $0[der] } }

    func insert(_ entry: Entry, der: [UInt8]) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[der] = entry
        }
    }

    public var count: Int { entries.withLock { $0.count } }
}
