import Crypto
import Foundation
import ProfilePackage
import RSPCore
import RSPStore

/// Operator-scale inventory: one shared Unprotected Profile Package (a template) and a row of
/// per-profile values — for now only the ICCID, which `bindProfilePackage` writes into the
/// template's ProfileHeader (`UnprotectedProfilePackage.replacingHeaderICCID`).
extension SMDPPlus {
    /// Stores `upp` once as a template and returns it; importing the same bytes again returns the
    /// same template (its id is their SHA-256). The package must parse and carry a header ICCID
    /// that personalisation can replace.
    public func importTemplate(upp: [UInt8]) async throws -> ProfileTemplateRecord {
        do {
            let package = try UnprotectedProfilePackage(der: upp)
            _ = try package.replacingHeaderICCID(with: try package.header.iccid)
        } catch {
            throw InventoryError.invalidProfilePackage("\(error)")
        }
        let template = ProfileTemplateRecord(id: Self.templateID(of: upp), upp: upp)
        try await store.insertTemplate(template)
        logger.info("importTemplate", metadata: ["templateId": "\(template.id)", "bytes": "\(upp.count)", "outcome": "ok"])
        return template
    }

    /// Adds one profile per ICCID from a stored template, in one store transaction: all or none
    /// (`StoreError.duplicate` names the first ICCID already known). Callers batch large imports.
    public func importProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata
    ) async throws {
        try await store.insertProfiles(fromTemplate: templateID, iccids: iccids, metadata: metadata, importedAt: now)
    }

    /// A page of the inventory in stored ICCID order, after `after` (see `SMDPStore.inventory(after:limit:)`).
    public func inventory(after: ICCID?, limit: Int) async throws -> [InventoryItem] {
        try await store.inventory(after: after, limit: limit)
    }

    /// How many profiles are in each state, counted by the store.
    public func profileCounts() async throws -> [ProfileLifecycleState: Int] {
        try await store.profileCounts()
    }

    /// SHA-256 of the package, lower-case hex: the template's id.
    static func templateID(of upp: [UInt8]) -> String {
        SHA256.hash(data: upp).map { String(format: "%02x", $0) }.joined()
    }
}
