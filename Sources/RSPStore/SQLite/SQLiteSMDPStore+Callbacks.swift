import Foundation
import GRDB
import RSPCore

/// The persisted outbox of HandleDownloadProgressInfo callbacks (SGP.22 §5.3.5): a callback is a
/// row from the moment it is enqueued until it is delivered, so a restart loses none.
///
/// Statements are prepared once per connection (`cachedStatement`): a progress report is enqueued
/// and delivered for every download step, and recompiling constant SQL each time was measurable.
extension SQLiteSMDPStore {
    public func enqueueCallback(_ callback: CallbackRecord) async throws -> CallbackRecord {
        try await database.write("callback for \(callback.operatorName)") { db in
            try Self.insertCallback(db, callback)
        }
    }

    /// Inside a write transaction (SQLite's single writer keeps ids in commit order).
    static func insertCallback(_ db: Database, _ callback: CallbackRecord) throws -> CallbackRecord {
        try db.cachedStatement(sql: """
            INSERT INTO callbacks (operator_name, url, body, created_at, next_attempt_at, attempts, last_error, delivered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                callback.operatorName, callback.url, SQLiteColumn.blob(callback.body),
                SQLiteColumn.date(callback.createdAt), SQLiteColumn.date(callback.nextAttemptAt),
                callback.attempts, callback.lastError, SQLiteColumn.date(callback.deliveredAt)])
        var stored = callback
        stored.id = db.lastInsertedRowID
        return stored
    }

    public func pendingCallbacks(limit: Int) async throws -> [CallbackRecord] {
        try await database.read("pending callbacks") { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM callbacks WHERE delivered_at IS NULL ORDER BY id LIMIT ?"),
                             arguments: [max(0, limit)]).map(CallbackRecord.init(row:))
        }
    }

    public func markCallbackDelivered(id: Int64, at date: Date) async throws {
        try await database.write("callback \(id)") { db in
            try db.cachedStatement(sql: "UPDATE callbacks SET delivered_at = ? WHERE id = ?")
                .execute(arguments: [SQLiteColumn.date(date), id])
            guard db.changesCount == 1 else { throw StoreError.notFound("callback \(id)") }
        }
    }

    public func rescheduleCallback(id: Int64, attempts: Int, nextAttemptAt: Date, lastError: String) async throws {
        try await database.write("callback \(id)") { db in
            try db.cachedStatement(sql: "UPDATE callbacks SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .execute(arguments: [attempts, SQLiteColumn.date(nextAttemptAt), lastError, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("callback \(id)") }
        }
    }
}
