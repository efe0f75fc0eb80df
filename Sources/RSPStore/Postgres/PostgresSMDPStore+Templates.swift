import Foundation
import PostgresNIO
import RSPCore

/// Operator-scale inventory: shared profile templates, bulk import, paging and counts.
extension PostgresSMDPStore {
    public func insertTemplate(_ template: ProfileTemplateRecord) async throws {
        try await database.statement("template \(template.id)") { transaction in
            // Same id, same bytes (the id is their hash): a second import of the package is a no-op.
            try await transaction.execute("""
                INSERT INTO profile_templates (id, upp) VALUES (\(template.id), \(PostgresColumn.bytes(template.upp)))
                ON CONFLICT (id) DO NOTHING
                """)
        }
    }

    /// One `INSERT … SELECT FROM unnest($1::text[])` per batch: the ICCIDs travel as one bound
    /// array, never as SQL text. Clashes are looked for first so the refusal names the first
    /// clashing ICCID; a competitor committing one in between is still refused by the primary key.
    public func insertProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata, importedAt: Date
    ) async throws {
        let owner: ByteBuffer?
        do { owner = try PostgresColumn.bytes(metadata.owner) } catch {
            throw StoreError.storage("profiles of template \(templateID): the owner does not encode to DER")
        }
        let keys = iccids.map(PostgresColumn.text)
        try await database.write("profiles of template \(templateID)") { transaction in
            guard try await transaction.exists("SELECT 1 FROM profile_templates WHERE id = \(templateID)") else {
                throw StoreError.notFound("template \(templateID)")
            }
            var taken = Set<String>()
            for row in try await transaction.rows("SELECT iccid FROM profiles WHERE iccid = ANY(\(keys)::text[])") {
                taken.insert(try row.required("iccid", as: String.self))
            }
            var seen = Set<String>()
            for (iccid, key) in zip(iccids, keys) where taken.contains(key) || !seen.insert(key).inserted {
                throw StoreError.duplicate("profile \(iccid)")
            }
            try await transaction.execute("""
                INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class, owner,
                                      upp, imported_at, template_id)
                SELECT key, \(metadata.profileType), \(metadata.serviceProviderName), \(metadata.profileName),
                       \(metadata.profileClass.rawValue), \(owner), ''::bytea, \(PostgresColumn.date(importedAt)),
                       \(templateID)
                FROM unnest(\(keys)::text[]) AS key
                """)
        }
    }

    public func inventory(after: ICCID?, limit: Int) async throws -> [InventoryItem] {
        let start = PostgresColumn.text(after) ?? ""
        return try await database.snapshot("inventory page") { transaction in
            let profiles = try await ProfileRecord.load(try await transaction.rows("""
                SELECT * FROM profiles WHERE iccid > \(start) ORDER BY iccid LIMIT \(max(0, limit))
                """), in: transaction)
            let keys = profiles.map { PostgresColumn.text($0.iccid) }
            let orders = try await transaction.rows(
                "SELECT * FROM orders WHERE iccid = ANY(\(keys)::text[]) AND state <> 'cancelled'"
            ).map(OrderRecord.init(row:))
            let orderByICCID = Dictionary(orders.map { ($0.iccid, $0) }, uniquingKeysWith: { first, _ in first })
            return profiles.map { InventoryItem(profile: $0, order: orderByICCID[$0.iccid]) }
        }
    }

    /// Profiles without an active order are counted from the availability marker; the others by
    /// their active order's state.
    public func profileCounts() async throws -> [ProfileLifecycleState: Int] {
        try await database.snapshot("profile counts") { transaction in
            var counts: [ProfileLifecycleState: Int] = [:]
            let available = try await transaction.row("SELECT COUNT(*) AS n FROM profiles WHERE available")
            if let n = try available?.required("n", as: Int.self), n > 0 { counts[.available] = n }
            for row in try await transaction.rows(
                "SELECT state, COUNT(*) AS n FROM orders WHERE state <> 'cancelled' GROUP BY state"
            ) {
                counts[try row.rawEnum("state", as: ProfileLifecycleState.self)] = try row.required("n", as: Int.self)
            }
            return counts
        }
    }
}
