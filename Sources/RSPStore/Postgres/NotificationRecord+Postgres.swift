import PostgresNIO
import RSPCore

/// `NotificationRecord` ↔ a row of `notifications` (the identity column keeps arrival order).
extension NotificationRecord {
    var postgresInsert: PostgresFragment {
        """
        INSERT INTO notifications (eid, iccid, seq_number, event, transaction_id, payload, received_at)
        VALUES (\(PostgresColumn.text(eid)), \(PostgresColumn.text(iccid)), \(seqNumber), \(event),
                \(PostgresColumn.text(transactionId)), \(PostgresColumn.bytes(payload)), \(PostgresColumn.date(receivedAt)))
        """
    }
}
