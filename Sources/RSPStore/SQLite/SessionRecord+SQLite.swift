import GRDB
import RSPCore

/// `SessionRecord` ↔ a row of `sessions`.
extension SessionRecord {
    static let layout = SQLiteRowLayout<SessionRecord>(
        table: "sessions",
        columns: [
            .field("state", \.state) { $0.rawValue },
            .field("euicc_challenge", \.euiccChallenge) { SQLiteColumn.blob($0) },
            .field("server_challenge", \.serverChallenge) { SQLiteColumn.blob($0) },
            .field("ci_pkid", \.ciPKId) { SQLiteColumn.blob($0) },
            .field("euicc_svn", \.euiccSVN) { SQLiteColumn.blob($0) },
            .field("matching_id", \.matchingId) { $0 },
            .field("eid", \.eid) { SQLiteColumn.text($0) },
            .field("euicc_certificate", \.euiccCertificate) { SQLiteColumn.blob($0) },
            .field("smdp_signature2", \.smdpSignature2) { SQLiteColumn.blob($0) },
            .field("cc_required", \.ccRequired) { $0 },
            .field("euicc_otpk", \.euiccOtpk) { SQLiteColumn.blob($0) },
            .field("created_at", \.createdAt) { SQLiteColumn.date($0) },
            .field("expires_at", \.expiresAt) { SQLiteColumn.date($0) },
            .field("negotiated_version", \.negotiatedVersion) { SQLiteColumn.text($0) },
            .field("negotiated_features", \.negotiatedFeatures) { SQLiteColumn.integer($0) },
        ],
        key: .field("transaction_id", \.transactionId) { SQLiteColumn.text($0) })

    static let insertSQL = layout.insertSQL

    /// The arguments of `insertSQL`.
    var arguments: StatementArguments { Self.layout.arguments(self) }
}
