import Foundation
import GRDB
import RSPCore

/// Operator-scale inventory: shared profile templates, bulk import, paging and counts.
extension SQLiteSMDPStore {
    public func insertTemplate(_ template: ProfileTemplateRecord) async throws {
        try await database.write("template \(template.id)") { db in
            // Same id, same bytes (the id is their hash): a second import of the package is a no-op.
            try db.execute(sql: "INSERT INTO profile_templates (id, upp) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                           arguments: [template.id, SQLiteColumn.blob(template.upp)])
        }
    }

    /// One cached prepared statement run once per ICCID, all inside one `BEGIN IMMEDIATE`
    /// transaction: SQLite then writes the batch's pages once, at commit.
    public func insertProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata, importedAt: Date
    ) async throws {
        let owner: Data?
        do { owner = try SQLiteColumn.blob(metadata.owner) } catch {
            throw StoreError.storage("profiles of template \(templateID): the owner does not encode to DER")
        }
        try await database.write("profiles of template \(templateID)") { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM profile_templates WHERE id = ?)",
                                    arguments: [templateID]) == true else {
                throw StoreError.notFound("template \(templateID)")
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class,
                                      owner, upp, imported_at, template_id)
                VALUES (?, ?, ?, ?, ?, ?, X'', ?, ?)
                """)
            let date = SQLiteColumn.date(importedAt)
            for iccid in iccids {
                do {
                    try statement.execute(arguments: [
                        SQLiteColumn.text(iccid), metadata.profileType, metadata.serviceProviderName,
                        metadata.profileName, metadata.profileClass.rawValue, owner, date, templateID,
                    ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    // Thrown out of the transaction, which rolls the whole batch back.
                    throw StoreError.duplicate("profile \(iccid)")
                }
            }
        }
    }

    public func inventory(after: ICCID?, limit: Int) async throws -> [InventoryItem] {
        try await database.read("inventory page") { db in
            var templates = SQLiteTemplateCache()
            let profiles = try Row.fetchAll(db, sql: "SELECT * FROM profiles WHERE iccid > ? ORDER BY iccid LIMIT ?",
                                            arguments: [SQLiteColumn.text(after) ?? "", max(0, limit)])
                .map { try ProfileRecord(row: $0, templates: &templates, db: db) }
            return try profiles.map { profile in
                InventoryItem(profile: profile, order: try Self.fetchActiveOrder(db, iccid: profile.iccid))
            }
        }
    }

    /// Profiles without an active order are counted from the availability marker; the others by
    /// their active order's state.
    public func profileCounts() async throws -> [ProfileLifecycleState: Int] {
        try await database.read("profile counts") { db in
            var counts: [ProfileLifecycleState: Int] = [:]
            let available = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM profiles WHERE available = 1") ?? 0
            if available > 0 { counts[.available] = available }
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM orders WHERE state <> 'cancelled' GROUP BY state") {
                counts[try row.rawEnum("state", as: ProfileLifecycleState.self)] = try row.required("n", as: Int.self)
            }
            return counts
        }
    }
}

/// The templates one read has loaded, so a page of template profiles shares one byte array per
/// template instead of copying the UPP into every row.
struct SQLiteTemplateCache {
    private var byID: [String: [UInt8]] = [:]

    mutating func upp(id: String, db: Database) throws -> [UInt8] {
        if let cached = byID[id] { return cached }
        guard let data = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT upp FROM profile_templates WHERE id = ?"), arguments: [id]) else {
            throw SQLiteColumn.CorruptRow(column: "template_id")
        }
        let bytes = Array(data)
        byID[id] = bytes
        return bytes
    }
}
