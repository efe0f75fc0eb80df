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
