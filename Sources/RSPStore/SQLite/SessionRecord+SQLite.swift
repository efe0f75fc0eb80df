import GRDB
import RSPCore

/// `SessionRecord` ↔ a row of `sessions`.
extension SessionRecord {
    static let insertSQL = """
        INSERT INTO sessions (state, euicc_challenge, server_challenge, ci_pkid, euicc_svn, matching_id, eid,
                              euicc_certificate, smdp_signature2, cc_required, euicc_otpk, created_at, expires_at,
                              negotiated_version, negotiated_features, transaction_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Rewrites every column of the session named by its (unchangeable) TransactionID.
    static let updateSQL = """
        UPDATE sessions SET state = ?, euicc_challenge = ?, server_challenge = ?, ci_pkid = ?, euicc_svn = ?,
                            matching_id = ?, eid = ?, euicc_certificate = ?, smdp_signature2 = ?, cc_required = ?,
                            euicc_otpk = ?, created_at = ?, expires_at = ?, negotiated_version = ?,
                            negotiated_features = ?
        WHERE transaction_id = ?
        """

    /// The arguments of both `insertSQL` and `updateSQL` (same order, key last).
    var arguments: StatementArguments {
        [state.rawValue, SQLiteColumn.blob(euiccChallenge), SQLiteColumn.blob(serverChallenge),
         SQLiteColumn.blob(ciPKId), SQLiteColumn.blob(euiccSVN), matchingId, SQLiteColumn.text(eid),
         SQLiteColumn.blob(euiccCertificate), SQLiteColumn.blob(smdpSignature2), ccRequired,
         SQLiteColumn.blob(euiccOtpk), SQLiteColumn.date(createdAt), SQLiteColumn.date(expiresAt),
         SQLiteColumn.text(negotiatedVersion), SQLiteColumn.integer(negotiatedFeatures), SQLiteColumn.text(transactionId)]
    }
}
