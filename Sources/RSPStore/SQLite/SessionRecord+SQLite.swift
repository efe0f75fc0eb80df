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

    init(row: Row) throws {
        self.init(
            transactionId: try row.transactionID("transaction_id"),
            state: try row.rawEnum("state", as: SessionState.self),
            euiccChallenge: try row.bytes("euicc_challenge"),
            serverChallenge: try row.bytes("server_challenge"),
            ciPKId: try row.bytes("ci_pkid"),
            euiccSVN: try row.bytes("euicc_svn"),
            matchingId: try row.optional("matching_id"),
            eid: try row.optionalEID("eid"),
            euiccCertificate: try row.optionalBytes("euicc_certificate"),
            smdpSignature2: try row.optionalBytes("smdp_signature2"),
            ccRequired: try row.required("cc_required"),
            euiccOtpk: try row.optionalBytes("euicc_otpk"),
            createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"),
            negotiatedVersion: try row.optionalVersion("negotiated_version"),
            negotiatedFeatures: try row.optionalFeatures("negotiated_features"))
    }
}
