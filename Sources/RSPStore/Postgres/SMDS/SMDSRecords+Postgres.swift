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

    init(row: PostgresRandomAccessRow) throws {
        self.init(
            eventId: try row.required("event_id"), eid: try row.eid("eid"),
            rspServerAddress: try row.required("rsp_server_address"), registeredBy: try row.required("registered_by"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"))
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

    init(row: PostgresRandomAccessRow) throws {
        self.init(
            transactionId: try row.transactionID("transaction_id"),
            state: try row.rawEnum("state", as: SMDSSessionState.self),
            euiccChallenge: try row.bytes("euicc_challenge"), serverChallenge: try row.bytes("server_challenge"),
            ciPKId: try row.bytes("ci_pkid"), euiccSVN: try row.bytes("euicc_svn"), eid: try row.optionalEID("eid"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            negotiatedVersion: try row.optionalVersion("negotiated_version"),
            negotiatedFeatures: try row.optionalFeatures("negotiated_features"))
    }
}
