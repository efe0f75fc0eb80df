import GRDB
import RSPCore

/// `OrderRecord` ↔ a row of `orders`.
extension OrderRecord {
    static let layout = SQLiteRowLayout<OrderRecord>(
        table: "orders",
        columns: [
            .field("iccid", \.iccid) { SQLiteColumn.text($0) },
            .field("eid", \.eid) { SQLiteColumn.text($0) },
            .field("confirmation_code_hash", \.confirmationCodeHash) { SQLiteColumn.blob($0) },
            .field("confirmation_code_attempts_left", \.confirmationCodeAttemptsLeft) { $0 },
            .field("state", \.state) { $0.rawValue },
            .field("reason", \.reason) { $0 },
            .field("downloaded_by", \.downloadedBy) { SQLiteColumn.text($0) },
            .field("created_at", \.createdAt) { SQLiteColumn.date($0) },
            .field("updated_at", \.updatedAt) { SQLiteColumn.date($0) },
            .field("expires_at", \.expiresAt) { SQLiteColumn.date($0) },
            .field("operator_name", \.operatorName) { $0 },
            .field("smds_address", \.smdsAddress) { $0 },
        ],
        key: .field("matching_id", \.matchingId) { $0 })

    static let insertSQL = layout.insertSQL

    /// Gives an order a new matchingId (ES2+.ConfirmOrder with the operator's own).
    static let renameSQL = "UPDATE orders SET matching_id = ? WHERE matching_id = ?"

    /// The arguments of `insertSQL`.
    var arguments: StatementArguments { Self.layout.arguments(self) }
}
