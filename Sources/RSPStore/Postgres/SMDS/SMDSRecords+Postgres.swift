import PostgresNIO
import RSPCore

/// `EventRecord` ↔ a row of `smds_events`.
extension EventRecord {
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO smds_events (event_id, eid, rsp_server_address, registered_by, created_at, expires_at)
        VALUES (\(eventId), \(PostgresColumn.text(eid)), \(rspServerAddress), \(registeredBy),
                \(PostgresColumn.date(createdAt)), \(PostgresColumn.date(expiresAt)))
        """
    }
}

/// `SMDSSessionRecord` ↔ a row of `smds_sessions`.
extension SMDSSessionRecord {
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO smds_sessions (transaction_id, state, euicc_challenge, server_challenge, ci_pkid, euicc_svn, eid,
                                   created_at, expires_at, negotiated_version, negotiated_features)
        VALUES (\(PostgresColumn.text(transactionId)), \(state.rawValue), \(PostgresColumn.bytes(euiccChallenge)),
                \(PostgresColumn.bytes(serverChallenge)), \(PostgresColumn.bytes(ciPKId)), \(PostgresColumn.bytes(euiccSVN)),
                \(PostgresColumn.text(eid)), \(PostgresColumn.date(createdAt)), \(PostgresColumn.date(expiresAt)),
                \(PostgresColumn.text(negotiatedVersion)), \(PostgresColumn.integer(negotiatedFeatures)))
        """
    }

    /// Rewrites every column of the session named by its (unchangeable) TransactionID.
    var postgresUpdate: PostgresQuery {
        """
        UPDATE smds_sessions SET state = \(state.rawValue), euicc_challenge = \(PostgresColumn.bytes(euiccChallenge)),
            server_challenge = \(PostgresColumn.bytes(serverChallenge)), ci_pkid = \(PostgresColumn.bytes(ciPKId)),
            euicc_svn = \(PostgresColumn.bytes(euiccSVN)), eid = \(PostgresColumn.text(eid)),
            created_at = \(PostgresColumn.date(createdAt)), expires_at = \(PostgresColumn.date(expiresAt)),
            negotiated_version = \(PostgresColumn.text(negotiatedVersion)),
            negotiated_features = \(PostgresColumn.integer(negotiatedFeatures))
        WHERE transaction_id = \(PostgresColumn.text(transactionId))
        """
    }
}
