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

    init(row: Row) throws {
        self.init(
            matchingId: try row.required("matching_id"),
            iccid: try row.iccid("iccid"),
            eid: try row.optionalEID("eid"),
            confirmationCodeHash: try row.optionalBytes("confirmation_code_hash"),
            confirmationCodeAttemptsLeft: try row.required("confirmation_code_attempts_left"),
            state: try row.rawEnum("state", as: ProfileLifecycleState.self),
            reason: try row.optional("reason"),
            downloadedBy: try row.optionalEID("downloaded_by"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            expiresAt: try row.optionalDate("expires_at"),
            operatorName: try row.optional("operator_name"),
            smdsAddress: try row.optional("smds_address"))
    }
}
