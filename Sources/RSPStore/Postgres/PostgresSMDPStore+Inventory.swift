import Foundation
import PostgresNIO
import RSPCore

/// The profile inventory (ES2+ DownloadOrder picks from it; SGP.22 §5.3.1).
extension PostgresSMDPStore {
    public func insertProfile(_ profile: ProfileRecord) async throws {
        let insert: PostgresQuery
        do { insert = try profile.postgresInsert() } catch {
            throw StoreError.storage("profile \(profile.iccid): its owner does not encode to DER")
        }
        try await database.statement("profile \(profile.iccid)") { transaction in
            try await transaction.execute(insert)
        }
    }

    public func profile(iccid: ICCID, withPackage: Bool) async throws -> ProfileRecord? {
        try await database.statement("profile \(iccid)") { transaction in
            guard withPackage else {
                return try await transaction.row("""
                    SELECT \(unescaped: ProfileRecord.metadataColumns.joined(separator: ", ")) FROM profiles
                    WHERE iccid = \(PostgresColumn.text(iccid))
                    """).map { try ProfileRecord(joinedRow: $0, withPackage: false) }
            }
            // One statement (the lookup is on the download path): a template profile's bytes come joined.
            return try await transaction.row("""
                SELECT p.*, t.upp AS template_upp FROM profiles p LEFT JOIN profile_templates t ON t.id = p.template_id
                WHERE p.iccid = \(PostgresColumn.text(iccid))
                """).map { try ProfileRecord(row: $0, templates: [:]) }
        }
    }

    /// All profiles with their active orders, read on one snapshot, ordered by ICCID digits (as
    /// `InMemorySMDPStore` does: the stored text carries 'F' padding, which would sort differently).
    public func inventory() async throws -> [InventoryItem] {
        try await database.snapshot("inventory") { transaction in
            let profiles = try await ProfileRecord.load(try await transaction.rows("SELECT * FROM profiles"), in: transaction)
            let orders = try await transaction.rows("SELECT * FROM orders WHERE state <> 'cancelled'").map(OrderRecord.init(row:))
            let orderByICCID = Dictionary(orders.map { ($0.iccid, $0) }, uniquingKeysWith: { first, _ in first })
            return profiles
                .sorted { ($0.iccid.digits, $0.iccid.paddedDigits) < ($1.iccid.digits, $1.iccid.paddedDigits) }
                .map { InventoryItem(profile: $0, order: orderByICCID[$0.iccid]) }
        }
    }

    public func profileTypeExists(_ profileType: String) async throws -> Bool {
        try await database.statement("profile type \(profileType)") { transaction in
            try await transaction.exists("SELECT 1 FROM profiles WHERE profile_type = \(profileType) LIMIT 1")
        }
    }

    /// Locks the profile's row, the lock every change of which order is its active one takes
    /// first; false when there is no such profile (or, with `skipLocked`, when another
    /// transaction holds the lock: that profile is being ordered elsewhere).
    static func lockProfile(_ transaction: PostgresTransaction, iccid: ICCID, skipLocked: Bool = false) async throws -> Bool {
        let key = PostgresColumn.text(iccid)
        return skipLocked
            ? try await transaction.exists("SELECT 1 FROM profiles WHERE iccid = \(key) FOR UPDATE SKIP LOCKED")
            : try await transaction.exists("SELECT 1 FROM profiles WHERE iccid = \(key) FOR UPDATE")
    }
}
