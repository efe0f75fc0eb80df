import GRDB
import RSPCore

/// `SessionRecord` ↔ a row of `sessions`.
extension SessionRecord {
    static let layout = SQLiteRowLayout<SessionRecord>(
        table: "sessions",
        columns: [
            .field("state", \.state) { .text($0.rawValue) },
            .field("euicc_challenge", \.euiccChallenge) { .blob($0) },
            .field("server_challenge", \.serverChallenge) { .blob($0) },
            .field("ci_pkid", \.ciPKId) { .blob($0) },
            .field("euicc_svn", \.euiccSVN) { .blob($0) },
            .field("matching_id", \.matchingId) { SQLiteValue($0) },
            .field("eid", \.eid) { SQLiteValue(SQLiteColumn.text($0)) },
            .field("euicc_certificate", \.euiccCertificate) { SQLiteValue($0) },
            .field("smdp_signature2", \.smdpSignature2) { SQLiteValue($0) },
            .field("cc_required", \.ccRequired) { SQLiteValue($0) },
            .field("euicc_otpk", \.euiccOtpk) { SQLiteValue($0) },
            .field("created_at", \.createdAt) { .real(SQLiteColumn.date($0)) },
            .field("expires_at", \.expiresAt) { .real(SQLiteColumn.date($0)) },
            .field("negotiated_version", \.negotiatedVersion) { SQLiteValue(SQLiteColumn.text($0)) },
            .field("negotiated_features", \.negotiatedFeatures) { SQLiteValue(SQLiteColumn.integer($0)) },
        ],
        key: .field("transaction_id", \.transactionId) { .text(SQLiteColumn.text($0)) })
}
