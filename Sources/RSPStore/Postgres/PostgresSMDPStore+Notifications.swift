import Foundation
import PostgresNIO
import RSPCore

/// Notifications received through ES9+.HandleNotification (SGP.22 §5.6.4), in arrival order.
extension PostgresSMDPStore {
    public func insertNotification(_ notification: NotificationRecord) async throws {
        try await database.statement("notification \(notification.seqNumber)") { transaction in
            try await transaction.execute(notification.postgresInsert)
        }
    }

    public func notifications(eid: EID?) async throws -> [NotificationRecord] {
        try await database.statement("notifications") { transaction in
            let rows = if let eid {
                try await transaction.rows("SELECT * FROM notifications WHERE eid = \(PostgresColumn.text(eid)) ORDER BY id")
            } else {
                try await transaction.rows("SELECT * FROM notifications ORDER BY id")
            }
            return try rows.map(NotificationRecord.init(row:))
        }
    }

    /// Served by the index `notifications_by_eid_seq` (migration "smdp v6"): no row of the history is read.
    public func notificationExists(eid: EID, seqNumber: Int) async throws -> Bool {
        try await database.statement("notification \(seqNumber)") { transaction in
            try await transaction.exists(
                "SELECT 1 FROM notifications WHERE eid = \(PostgresColumn.text(eid)) AND seq_number = \(seqNumber) LIMIT 1")
        }
    }
}

extension PostgresSMDPStore {
    /// One transaction. The session's row is read and locked before the duplicate check, so two
    /// deliveries of one installation result are serialized there and the second (READ COMMITTED:
    /// its check is a statement after the lock) sees the first one's notification. The locking read
    /// is the one the session update uses, which locks the order too; the notification is
    /// written in the update's statement: five round trips, BEGIN and COMMIT included.
    public func insertNotification<Result: Sendable>(
        _ notification: NotificationRecord, updatingSession transactionId: TransactionID, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result? {
        try await database.write("notification \(notification.seqNumber)") { transaction -> Result? in
            let locked = try await Self.lockSession(transaction, transactionId: transactionId, matchingId: nil)
            if let eid = notification.eid, try await transaction.exists("""
                SELECT 1 FROM notifications WHERE eid = \(PostgresColumn.text(eid)) AND seq_number = \(notification.seqNumber) LIMIT 1
                """) {
                return nil
            }
            // Declared per attempt: a retried transaction starts from an empty outbox.
            var outbox: [CallbackRecord] = []
            let result = try await Self.updateSession(
                transaction, locked: locked, now: now, alsoWrite: [notification.postgresInsert]
            ) { session, order in try change(&session, &order, &outbox) }
            try await Self.enqueueCallbacks(transaction, outbox)
            return result
        }
    }
}
