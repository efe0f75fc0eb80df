import GRDB
import RSPCore

/// `OrderRecord` ↔ a row of `orders`.
extension OrderRecord {
    static let insertSQL = """
        INSERT INTO orders (iccid, eid, confirmation_code_hash, confirmation_code_attempts_left, state, reason,
                            downloaded_by, created_at, updated_at, expires_at, operator_name, smds_address, matching_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Rewrites every column of the order named by its matchingId.
    static let updateSQL = """
        UPDATE orders SET iccid = ?, eid = ?, confirmation_code_hash = ?, confirmation_code_attempts_left = ?,
                          state = ?, reason = ?, downloaded_by = ?, created_at = ?, updated_at = ?, expires_at = ?,
                          operator_name = ?, smds_address = ?
        WHERE matching_id = ?
        """

    /// Gives an order a new matchingId (ES2+.ConfirmOrder with the operator's own).
    static let renameSQL = "UPDATE orders SET matching_id = ? WHERE matching_id = ?"

    /// The arguments of both `insertSQL` and `updateSQL` (same order, key last).
    var arguments: StatementArguments {
        [SQLiteColumn.text(iccid), SQLiteColumn.text(eid), SQLiteColumn.blob(confirmationCodeHash),
         confirmationCodeAttemptsLeft, state.rawValue, reason, SQLiteColumn.text(downloadedBy),
         SQLiteColumn.date(createdAt), SQLiteColumn.date(updatedAt), SQLiteColumn.date(expiresAt), operatorName,
         smdsAddress, matchingId]
    }
}
