import Foundation
import GRDB
import RSPCore

/// Notifications received through ES9+.HandleNotification (SGP.22 §5.6.4), in arrival order.
extension SQLiteSMDPStore {
    public func insertNotification(_ notification: NotificationRecord) async throws {
        try await database.write("notification \(notification.seqNumber)") { db in
            try db.execute(sql: NotificationRecord.insertSQL, arguments: notification.insertArguments)
        }
    }

    public func notifications(eid: EID?) async throws -> [NotificationRecord] {
        try await database.read("notifications") { db in
            let rows: [Row]
            if let eid {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM notifications WHERE eid = ? ORDER BY id",
                                        arguments: [eid.digits])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM notifications ORDER BY id")
            }
            return try rows.map(NotificationRecord.init(row:))
        }
    }
}
