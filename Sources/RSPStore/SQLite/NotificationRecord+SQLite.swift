import GRDB
import RSPCore

/// `NotificationRecord` ↔ a row of `notifications` (the rowid keeps arrival order).
extension NotificationRecord {
    static let insertSQL = """
        INSERT INTO notifications (eid, iccid, seq_number, event, transaction_id, payload, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    var insertArguments: StatementArguments {
        [SQLiteColumn.text(eid), SQLiteColumn.text(iccid), seqNumber, event, SQLiteColumn.text(transactionId),
         SQLiteColumn.blob(payload), SQLiteColumn.date(receivedAt)]
    }
}
