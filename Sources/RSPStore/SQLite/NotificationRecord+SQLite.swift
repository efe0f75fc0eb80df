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

    init(row: Row) throws {
        self.init(
            eid: try row.optionalEID("eid"),
            iccid: try row.optionalICCID("iccid"),
            seqNumber: try row.required("seq_number"),
            event: try row.required("event"),
            transactionId: try row.optionalTransactionID("transaction_id"),
            payload: try row.bytes("payload"),
            receivedAt: try row.date("received_at"))
    }
}
