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
}
