import PostgresNIO
import RSPCore

/// `SessionRecord` ↔ a row of `sessions`.
extension SessionRecord {
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO sessions (transaction_id, state, euicc_challenge, server_challenge, ci_pkid, euicc_svn, matching_id, eid,
                              euicc_certificate, smdp_signature2, cc_required, euicc_otpk, created_at, expires_at,
                              negotiated_version, negotiated_features)
        VALUES (\(PostgresColumn.text(transactionId)), \(state.rawValue), \(PostgresColumn.bytes(euiccChallenge)),
                \(PostgresColumn.bytes(serverChallenge)), \(PostgresColumn.bytes(ciPKId)), \(PostgresColumn.bytes(euiccSVN)),
                \(matchingId), \(PostgresColumn.text(eid)), \(PostgresColumn.bytes(euiccCertificate)),
                \(PostgresColumn.bytes(smdpSignature2)), \(ccRequired), \(PostgresColumn.bytes(euiccOtpk)),
                \(PostgresColumn.date(createdAt)), \(PostgresColumn.date(expiresAt)), \(PostgresColumn.text(negotiatedVersion)),
                \(PostgresColumn.integer(negotiatedFeatures)))
        """
    }

    /// Rewrites every column of the session named by its (unchangeable) TransactionID.
    var postgresUpdate: PostgresFragment {
        """
        UPDATE sessions SET state = \(state.rawValue), euicc_challenge = \(PostgresColumn.bytes(euiccChallenge)),
            server_challenge = \(PostgresColumn.bytes(serverChallenge)), ci_pkid = \(PostgresColumn.bytes(ciPKId)),
            euicc_svn = \(PostgresColumn.bytes(euiccSVN)), matching_id = \(matchingId), eid = \(PostgresColumn.text(eid)),
            euicc_certificate = \(PostgresColumn.bytes(euiccCertificate)),
            smdp_signature2 = \(PostgresColumn.bytes(smdpSignature2)), cc_required = \(ccRequired),
            euicc_otpk = \(PostgresColumn.bytes(euiccOtpk)), created_at = \(PostgresColumn.date(createdAt)),
            expires_at = \(PostgresColumn.date(expiresAt)), negotiated_version = \(PostgresColumn.text(negotiatedVersion)),
            negotiated_features = \(PostgresColumn.integer(negotiatedFeatures))
        WHERE transaction_id = \(PostgresColumn.text(transactionId))
        """
    }
}
