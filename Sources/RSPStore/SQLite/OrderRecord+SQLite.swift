import GRDB
import RSPCore

/// `OrderRecord` ↔ a row of `orders`.
extension OrderRecord {
    static let layout = SQLiteRowLayout<OrderRecord>(
        table: "orders",
        columns: [
            .field("iccid", \.iccid) { .text(SQLiteColumn.text($0)) },
            .field("eid", \.eid) { SQLiteValue(SQLiteColumn.text($0)) },
            .field("confirmation_code_hash", \.confirmationCodeHash) { SQLiteValue($0) },
            .field("confirmation_code_attempts_left", \.confirmationCodeAttemptsLeft) { SQLiteValue($0) },
            .field("state", \.state) { .text($0.rawValue) },
            .field("reason", \.reason) { SQLiteValue($0) },
            .field("downloaded_by", \.downloadedBy) { SQLiteValue(SQLiteColumn.text($0)) },
            .field("created_at", \.createdAt) { .real(SQLiteColumn.date($0)) },
            .field("updated_at", \.updatedAt) { .real(SQLiteColumn.date($0)) },
            .field("expires_at", \.expiresAt) { SQLiteValue(SQLiteColumn.date($0)) },
            .field("operator_name", \.operatorName) { SQLiteValue($0) },
            .field("smds_address", \.smdsAddress) { SQLiteValue($0) },
        ],
        key: .field("matching_id", \.matchingId) { .text($0) })

    /// Gives an order a new matchingId (ES2+.ConfirmOrder with the operator's own).
    static let renameSQL = "UPDATE orders SET matching_id = ? WHERE matching_id = ?"
}
