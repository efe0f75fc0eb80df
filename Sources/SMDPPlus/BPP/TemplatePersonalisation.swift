import Foundation
import ProfilePackage
import RSPCore
import RSPStore
import Synchronization

/// The parsed templates a server has bound from, by template id. A template never changes (its
/// id is the hash of its bytes), so each is parsed once per process, not once per download.
final class ProfileTemplateCache: Sendable {
    /// Operators keep a handful of templates; past this many the cache starts over rather than grow.
    static let capacity = 64
    private let packages = Mutex<[String: UnprotectedProfilePackage]>([:])

    func package(id: String, upp: [UInt8]) throws -> UnprotectedProfilePackage {
        if let cached = packages.withLock({ $0[id] }) { return cached }
        let parsed = try UnprotectedProfilePackage(der: upp)
        packages.withLock { packages in
            if packages.count >= Self.capacity { packages.removeAll() }
            packages[id] = parsed
        }
        return parsed
    }
}

extension SMDPPlus {
    /// The profile elements to bind: a profile's own UPP as stored, or for a template profile the
    /// template with this profile's ICCID in its header (EF.ICCID untouched: see
    /// `replacingHeaderICCID`).
    func personalisedUPP(for profile: ProfileRecord) throws -> [UInt8] {
        guard let templateID = profile.templateID else { return profile.upp }
        return try templates.package(id: templateID, upp: profile.upp).replacingHeaderICCID(with: profile.iccid)
    }
}
