import GRDB
import RSPCore

/// `NotificationRecord` ↔ a row of `notifications` (the rowid keeps arrival order).
extension NotificationRecord {
    static let insertSQL = """
        INSERT INTO notifications (eid, iccid, seq_number, event, transaction_id, payload, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    /// The parameters of `insertSQL`.
    var insertValues: [SQLiteValue] {
        [SQLiteValue(SQLiteColumn.text(eid)), SQLiteValue(SQLiteColumn.text(iccid)), SQLiteValue(seqNumber), .text(event),
         SQLiteValue(SQLiteColumn.text(transactionId)), .blob(payload), .real(SQLiteColumn.date(receivedAt))]
    }
}
