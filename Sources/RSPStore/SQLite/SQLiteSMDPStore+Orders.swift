import Foundation
import GRDB
import RSPCore

/// Download orders (ES2+.DownloadOrder / ConfirmOrder, SGP.22 §5.3.1–5.3.2).
extension SQLiteSMDPStore {
    /// Checks the three rules in the order `SMDPStore` documents them, inside the write
    /// transaction; the schema's constraints (foreign key, primary key, UNIQUE(iccid)) enforce
    /// the same rules again should another writer bypass these checks.
    public func insertOrder(_ order: OrderRecord) async throws {
        try await database.write("order \(order.matchingId)") { db in
            guard try Self.fetchProfile(db, iccid: order.iccid) != nil else {
                throw StoreError.notFound("profile \(order.iccid)")
            }
            guard try Self.fetchOrder(db, matchingId: order.matchingId) == nil else {
                throw StoreError.duplicate("matchingId \(order.matchingId)")
            }
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM orders WHERE iccid = ?)",
                arguments: [SQLiteColumn.text(order.iccid)]) ?? false
            guard !taken else { throw StoreError.conflict("profile \(order.iccid) already has an order") }
            try db.execute(sql: OrderRecord.insertSQL, arguments: order.arguments)
        }
    }

    public func order(matchingId: String) async throws -> OrderRecord? {
        try await database.read("order \(matchingId)") { db in
            try Self.fetchOrder(db, matchingId: matchingId)
        }
    }

    static func fetchOrder(_ db: Database, matchingId: String) throws -> OrderRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE matching_id = ?", arguments: [matchingId])
            .map(OrderRecord.init(row:))
    }
}
