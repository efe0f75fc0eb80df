import Foundation
import GRDB

/// What the SM-DP+ keeps only for a while (`SMDPPlus.purgeHistory`): ES2+ idempotency records and
/// delivered callbacks. Each call deletes one bounded batch through an index (schema v10), so a
/// long backlog never holds the downloads' writes behind one long transaction.
extension SQLiteSMDPStore {
    public func deleteFunctionCalls(createdBefore date: Date, limit: Int) async throws -> Int {
        try await database.write("old function calls") { db in
            try SQLiteValue.execute(
                db, sql: "DELETE FROM function_calls WHERE rowid IN (SELECT rowid FROM function_calls WHERE created_at < ? LIMIT ?)",
                values: [.real(SQLiteColumn.date(date)), SQLiteValue(max(0, limit))])
            return db.changesCount
        }
    }

    public func deleteDeliveredCallbacks(deliveredBefore date: Date, limit: Int) async throws -> Int {
        try await database.write("delivered callbacks") { db in
            try SQLiteValue.execute(
                db, sql: """
                    DELETE FROM callbacks WHERE id IN (SELECT id FROM callbacks
                        WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT ?)
                    """,
                values: [.real(SQLiteColumn.date(date)), SQLiteValue(max(0, limit))])
            return db.changesCount
        }
    }
}
