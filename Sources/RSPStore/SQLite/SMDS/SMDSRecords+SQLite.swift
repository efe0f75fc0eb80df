import GRDB
import RSPCore

/// `EventRecord` ↔ a row of `events`.
extension EventRecord {
    static let insertSQL = """
        INSERT INTO events (eid, rsp_server_address, registered_by, created_at, expires_at, event_id)
        VALUES (?, ?, ?, ?, ?, ?)
        """

    var arguments: StatementArguments {
        [SQLiteColumn.text(eid), rspServerAddress, registeredBy, SQLiteColumn.date(createdAt),
         SQLiteColumn.date(expiresAt), eventId]
    }
}

/// `SMDSSessionRecord` ↔ a row of `smds_sessions`.
extension SMDSSessionRecord {
    static let insertSQL = """
        INSERT INTO smds_sessions (state, euicc_challenge, server_challenge, ci_pkid, euicc_svn, eid, created_at,
                                   expires_at, negotiated_version, negotiated_features, transaction_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSQL = """
        UPDATE smds_sessions SET state = ?, euicc_challenge = ?, server_challenge = ?, ci_pkid = ?, euicc_svn = ?,
                                 eid = ?, created_at = ?, expires_at = ?, negotiated_version = ?,
                                 negotiated_features = ?
        WHERE transaction_id = ?
        """

    /// The arguments of both `insertSQL` and `updateSQL` (same order, key last).
    var arguments: StatementArguments {
        [state.rawValue, SQLiteColumn.blob(euiccChallenge), SQLiteColumn.blob(serverChallenge),
         SQLiteColumn.blob(ciPKId), SQLiteColumn.blob(euiccSVN), SQLiteColumn.text(eid),
         SQLiteColumn.date(createdAt), SQLiteColumn.date(expiresAt), SQLiteColumn.text(negotiatedVersion),
         SQLiteColumn.integer(negotiatedFeatures), SQLiteColumn.text(transactionId)]
    }
}
