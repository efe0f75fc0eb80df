import GRDB
import RSPCore

/// `SessionRecord` ↔ a row of `sessions`.
extension SessionRecord {
    static let layout = SQLiteRowLayout(
        table: "sessions",
        columns: ["state", "euicc_challenge", "server_challenge", "ci_pkid", "euicc_svn", "matching_id", "eid",
                  "euicc_certificate", "smdp_signature2", "cc_required", "euicc_otpk", "created_at", "expires_at",
                  "negotiated_version", "negotiated_features"],
        key: "transaction_id")

    static let insertSQL = layout.insertSQL

    /// The arguments of `insertSQL`.
    var arguments: StatementArguments { StatementArguments(values) }

    /// The column values in `layout` order, key last.
    var values: [(any DatabaseValueConvertible)?] {
        [state.rawValue, SQLiteColumn.blob(euiccChallenge), SQLiteColumn.blob(serverChallenge),
         SQLiteColumn.blob(ciPKId), SQLiteColumn.blob(euiccSVN), matchingId, SQLiteColumn.text(eid),
         SQLiteColumn.blob(euiccCertificate), SQLiteColumn.blob(smdpSignature2), ccRequired,
         SQLiteColumn.blob(euiccOtpk), SQLiteColumn.date(createdAt), SQLiteColumn.date(expiresAt),
         SQLiteColumn.text(negotiatedVersion), SQLiteColumn.integer(negotiatedFeatures), SQLiteColumn.text(transactionId)]
    }
}
