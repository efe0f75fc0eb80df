import Foundation
import PostgresNIO
import RSPCore

/// The persisted outbox of HandleDownloadProgressInfo callbacks (SGP.22 §5.3.5): a callback is a
/// row from the moment it is enqueued until it is delivered, so a restart loses none.
extension PostgresSMDPStore {
    /// The advisory lock that serializes enqueueing: "OpenRSP callbacks".
    static let outboxLockKey: Int64 = 0x4F52_5350_4342

    /// Ids come from an identity column, handed out in commit order: enqueueing takes a
    /// transaction-scoped lock first. Without it, id 6 could commit before id 5, and the node
    /// delivering the outbox would send an operator's reports out of order.
    public func enqueueCallback(_ callback: CallbackRecord) async throws -> CallbackRecord {
        try await database.write("callback for \(callback.operatorName)") { transaction in
            guard let stored = try await Self.enqueueCallbacks(transaction, [callback]).first else {
                throw StoreError.storage("callback for \(callback.operatorName): not stored")
            }
            return stored
        }
    }

    /// Inserts `callbacks` in order and returns them with their ids. The lock is taken last in
    /// the transaction (after any row lock), so it is held only for the inserts and the commit.
    @discardableResult
    static func enqueueCallbacks(_ transaction: PostgresTransaction, _ callbacks: [CallbackRecord]) async throws -> [CallbackRecord] {
        guard !callbacks.isEmpty else { return [] }
        try await transaction.execute("SELECT pg_advisory_xact_lock(\(outboxLockKey))")
        var stored: [CallbackRecord] = []
        for callback in callbacks {
            guard let row = try await transaction.row("""
                INSERT INTO callbacks (operator_name, url, body, created_at, next_attempt_at, attempts, last_error, delivered_at)
                VALUES (\(callback.operatorName), \(callback.url), \(PostgresColumn.bytes(callback.body)),
                        \(PostgresColumn.date(callback.createdAt)), \(PostgresColumn.date(callback.nextAttemptAt)),
                        \(callback.attempts), \(callback.lastError), \(PostgresColumn.date(callback.deliveredAt)))
                RETURNING id
                """) else { throw StoreError.storage("callback for \(callback.operatorName): no id was assigned") }
            var record = callback
            record.id = try row.required("id", as: Int64.self)
            stored.append(record)
        }
        return stored
    }

    public func pendingCallbacks(limit: Int) async throws -> [CallbackRecord] {
        try await database.statement("pending callbacks") { transaction in
            try await transaction.rows(
                "SELECT * FROM callbacks WHERE delivered_at IS NULL ORDER BY id LIMIT \(max(0, limit))"
            ).map(CallbackRecord.init(row:))
        }
    }

    public func markCallbackDelivered(id: Int64, at date: Date) async throws {
        try await database.statement("callback \(id)") { transaction in
            let updated = try await transaction.rows(
                "UPDATE callbacks SET delivered_at = \(PostgresColumn.date(date)) WHERE id = \(id) RETURNING id")
            guard updated.count == 1 else { throw StoreError.notFound("callback \(id)") }
        }
    }

    public func rescheduleCallback(id: Int64, attempts: Int, nextAttemptAt: Date, lastError: String) async throws {
        try await database.statement("callback \(id)") { transaction in
            let updated = try await transaction.rows("""
                UPDATE callbacks SET attempts = \(attempts), next_attempt_at = \(PostgresColumn.date(nextAttemptAt)),
                    last_error = \(lastError)
                WHERE id = \(id) RETURNING id
                """)
            guard updated.count == 1 else { throw StoreError.notFound("callback \(id)") }
        }
    }
}
