import Foundation
import GRDB
import RSPCore

/// The profile inventory (ES2+ DownloadOrder picks from it; SGP.22 §5.3.1).
extension SQLiteSMDPStore {
    public func insertProfile(_ profile: ProfileRecord) async throws {
        let arguments: StatementArguments
        do { arguments = try profile.insertArguments() } catch {
            throw StoreError.storage("profile \(profile.iccid): its owner does not encode to DER")
        }
        try await database.write("profile \(profile.iccid)") { db in
            try db.execute(sql: ProfileRecord.insertSQL, arguments: arguments)
        }
    }

    public func profile(iccid: ICCID, withPackage: Bool) async throws -> ProfileRecord? {
        try await database.read("profile \(iccid)") { db in
            try Self.fetchProfile(db, iccid: iccid, withPackage: withPackage)
        }
    }

    /// All profiles with their orders, read from one snapshot, ordered by ICCID digits (as
    /// `InMemorySMDPStore` does: the stored text carries 'F' padding, which would sort differently).
    public func inventory() async throws -> [InventoryItem] {
        try await database.read("inventory") { db in
            var templates = SQLiteTemplateCache()
            let profiles = try Row.fetchAll(db, sql: "SELECT * FROM profiles")
                .map { try ProfileRecord(row: $0, templates: &templates, db: db) }
            let orders = try Row.fetchAll(db, sql: "SELECT * FROM orders WHERE state <> 'cancelled'").map(OrderRecord.init(row:))
            let orderByICCID = Dictionary(orders.map { ($0.iccid, $0) }, uniquingKeysWith: { first, _ in first })
            return profiles
                .sorted { ($0.iccid.digits, $0.iccid.paddedDigits) < ($1.iccid.digits, $1.iccid.paddedDigits) }
                .map { InventoryItem(profile: $0, order: orderByICCID[$0.iccid]) }
        }
    }

    public func profileTypeExists(_ profileType: String) async throws -> Bool {
        try await database.read("profile type \(profileType)") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM profiles WHERE profile_type = ?)",
                              arguments: [profileType]) ?? false
        }
    }

    static func fetchProfile(_ db: Database, iccid: ICCID, withPackage: Bool = true) throws -> ProfileRecord? {
        guard withPackage else {
            return try Row.fetchOne(db.cachedStatement(sql: selectProfileMetadataSQL), arguments: [SQLiteColumn.text(iccid)])
                .map { try ProfileRecord(joinedRow: $0, withPackage: false) }
        }
        var templates = SQLiteTemplateCache()
        return try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM profiles WHERE iccid = ?"),
                                arguments: [SQLiteColumn.text(iccid)])
            .map { try ProfileRecord(row: $0, templates: &templates, db: db) }
    }

    /// `upp` is stored last (v8), so leaving it out reads no overflow page.
    static let selectProfileMetadataSQL =
        "SELECT \(ProfileRecord.metadataColumns.joined(separator: ", ")) FROM profiles WHERE iccid = ?"
}
