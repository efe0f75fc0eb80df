import PostgresNIO
import RSPCore

/// `OrderRecord` ↔ a row of `orders`.
extension OrderRecord {
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO orders (matching_id, iccid, eid, confirmation_code_hash, confirmation_code_attempts_left, state, reason,
                            downloaded_by, created_at, updated_at, expires_at, operator_name, smds_address)
        VALUES (\(matchingId), \(PostgresColumn.text(iccid)), \(PostgresColumn.text(eid)),
                \(PostgresColumn.bytes(confirmationCodeHash)), \(confirmationCodeAttemptsLeft), \(state.rawValue), \(reason),
                \(PostgresColumn.text(downloadedBy)), \(PostgresColumn.date(createdAt)), \(PostgresColumn.date(updatedAt)),
                \(PostgresColumn.date(expiresAt)), \(operatorName), \(smdsAddress))
        """
    }

    /// Rewrites every column of the order stored as `storedMatchingId`, the matchingId included
    /// (ES2+.ConfirmOrder may replace it).
    func postgresUpdate(storedAs storedMatchingId: String) -> PostgresFragment {
        """
        UPDATE orders SET matching_id = \(matchingId), iccid = \(PostgresColumn.text(iccid)), eid = \(PostgresColumn.text(eid)),
            confirmation_code_hash = \(PostgresColumn.bytes(confirmationCodeHash)),
            confirmation_code_attempts_left = \(confirmationCodeAttemptsLeft), state = \(state.rawValue), reason = \(reason),
            downloaded_by = \(PostgresColumn.text(downloadedBy)), created_at = \(PostgresColumn.date(createdAt)),
            updated_at = \(PostgresColumn.date(updatedAt)), expires_at = \(PostgresColumn.date(expiresAt)),
            operator_name = \(operatorName), smds_address = \(smdsAddress)
        WHERE matching_id = \(storedMatchingId)
        """
    }
}
