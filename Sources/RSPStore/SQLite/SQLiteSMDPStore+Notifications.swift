import Foundation
import GRDB
import RSPCore

/// Notifications received through ES9+.HandleNotification (SGP.22 §5.6.4), in arrival order.
///
/// The SQL is constant and runs on every notification, so each statement is prepared once per
/// connection (`cachedStatement`) rather than compiled again on every call.
extension SQLiteSMDPStore {
    public func insertNotification(_ notification: NotificationRecord) async throws {
        try await database.write("notification \(notification.seqNumber)") { db in
            try SQLiteValue.execute(db, sql: NotificationRecord.insertSQL, values: notification.insertValues)
        }
    }

    public func notifications(eid: EID?) async throws -> [NotificationRecord] {
        try await database.read("notifications") { db in
            let rows: [Row]
            if let eid {
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM notifications WHERE eid = ? ORDER BY id"),
                    arguments: [eid.digits])
            } else {
                rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM notifications ORDER BY id"),
                                        arguments: [])
            }
            return try rows.map(NotificationRecord.init(row:))
        }
    }

    /// Served by the index `notifications_by_eid_seq` (migration v6): no row of the history is read.
    public func notificationExists(eid: EID, seqNumber: Int) async throws -> Bool {
        try await database.read("notification \(seqNumber)") { db in
            try Self.notificationExists(db, eid: eid, seqNumber: seqNumber)
        }
    }
}

extension SQLiteSMDPStore {
    /// HandleNotification's one `BEGIN IMMEDIATE` transaction: the duplicate check, the session
    /// change and the insert cannot be split by a crash or interleaved with another writer.
    public func insertNotification<Result: Sendable>(
        _ notification: NotificationRecord, updatingSession transactionId: TransactionID, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result? {
        try await database.write("notification \(notification.seqNumber)") { db -> Result? in
            if let eid = notification.eid, try Self.notificationExists(db, eid: eid, seqNumber: notification.seqNumber) {
                return nil
            }
            let result = try Self.updateSession(db, transactionId: transactionId, matchingId: nil, now: now, change)
            try SQLiteValue.execute(db, sql: NotificationRecord.insertSQL, values: notification.insertValues)
            return result
        }
    }

    static func notificationExists(_ db: Database, eid: EID, seqNumber: Int) throws -> Bool {
        try SQLiteStatementRow.fetchOne(
            db, sql: "SELECT 1 FROM notifications WHERE eid = ? AND seq_number = ? LIMIT 1",
            values: [.text(eid.digits), SQLiteValue(seqNumber)]) { _ in true } ?? false
    }
}
