import GRDB
import RSPCore

/// `OrderRecord` ↔ a row of `orders`.
extension OrderRecord {
    static let layout = SQLiteRowLayout(
        table: "orders",
        columns: ["iccid", "eid", "confirmation_code_hash", "confirmation_code_attempts_left", "state", "reason",
                  "downloaded_by", "created_at", "updated_at", "expires_at", "operator_name", "smds_address"],
        key: "matching_id")

    static let insertSQL = layout.insertSQL

    /// Gives an order a new matchingId (ES2+.ConfirmOrder with the operator's own).
    static let renameSQL = "UPDATE orders SET matching_id = ? WHERE matching_id = ?"

    /// The arguments of `insertSQL`.
    var arguments: StatementArguments { StatementArguments(values) }

    /// The column values in `layout` order, key last.
    var values: [(any DatabaseValueConvertible)?] {
        [SQLiteColumn.text(iccid), SQLiteColumn.text(eid), SQLiteColumn.blob(confirmationCodeHash),
         confirmationCodeAttemptsLeft, state.rawValue, reason, SQLiteColumn.text(downloadedBy),
         SQLiteColumn.date(createdAt), SQLiteColumn.date(updatedAt), SQLiteColumn.date(expiresAt), operatorName,
         smdsAddress, matchingId]
    }
}
