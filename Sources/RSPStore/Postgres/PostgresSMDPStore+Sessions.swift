import Foundation
import PostgresNIO
import RSPCore

/// ES9+ RSP sessions, from InitiateAuthentication to the installation result (SGP.22 §3.1.3).
extension PostgresSMDPStore {
    public func insertSession(_ session: SessionRecord) async throws {
        try await database.statement("session \(session.transactionId)") { transaction in
            try await transaction.execute(session.postgresInsert)
        }
    }

    public func session(transactionId: TransactionID) async throws -> SessionRecord? {
        try await database.statement("session \(transactionId)") { transaction in
            try await Self.fetchSession(transaction, transactionId: transactionId)
        }
    }

    /// Reads the session and its order `FOR UPDATE`, runs `change`, and writes both back, in one
    /// transaction: the same step of one session run concurrently on two nodes is serialized,
    /// and the second run sees the first one's result (a download is bound once). The callbacks
    /// `change` appends are enqueued in the same transaction: a progress report is stored
    /// exactly when the state change it reports is. If `change` throws, nothing is written and
    /// its error comes out unchanged.
    public func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result {
        try await database.write("session \(transactionId)") { transaction in
            // Declared per attempt: a retried transaction starts from an empty outbox.
            var outbox: [CallbackRecord] = []
            let result = try await Self.updateSession(transaction, transactionId: transactionId, matchingId: matchingId, now: now) {
                session, order in try change(&session, &order, &outbox)
            }
            try await Self.enqueueCallbacks(transaction, outbox)
            return result
        }
    }

    static func updateSession<Result>(
        _ transaction: PostgresTransaction, transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: (inout SessionRecord, inout OrderRecord?) throws -> Result
    ) async throws -> Result {
        let locked = try await lockSession(transaction, transactionId: transactionId, matchingId: matchingId)
        return try await updateSession(transaction, locked: locked, now: now, change)
    }

    /// The session's row and its order's (the one `matchingId` names, or else the session's own),
    /// read and locked (FOR UPDATE) until the transaction ends, in one statement: the session
    /// first, then the order, the store's lock order.
    ///
    /// Under READ COMMITTED a row that was locked by another transaction is read again as that
    /// transaction committed it; so is the order, chosen after the session's row was.
    static func lockSession(
        _ transaction: PostgresTransaction, transactionId: TransactionID, matchingId: String?
    ) async throws -> LockedSession {
        let binds = sessionBinds(transactionId, matchingId: matchingId)
        guard let row = try await transaction.row(LockSessionSQL.self, binds) else {
            throw StoreError.notFound("session \(transactionId)")
        }
        return LockedSession(session: try SessionRecord(row: row), order: try SessionSnapshotQuery.order(in: row))
    }

    /// What `lockSession` read, as it was when locked.
    struct LockedSession {
        var session: SessionRecord
        var order: OrderRecord?
    }

    enum LockSessionSQL: PostgresPreparedSQL {
        static let name = "openrsp_lock_session"
        static let sql = """
            WITH s AS (SELECT * FROM sessions WHERE transaction_id = $1 FOR UPDATE),
                 o AS (SELECT * FROM orders WHERE matching_id = COALESCE($2, (SELECT matching_id FROM s)) FOR UPDATE)
            SELECT \(SessionSnapshotQuery.sessionSelect), \(SessionSnapshotQuery.orderSelect) FROM s LEFT JOIN o ON true
            """
    }

    /// `updateSession` for a session and order the transaction has already locked (`lockSession`).
    /// What changed is written back in one statement, with `alsoWrite` (statements on other
    /// rows that commit with it).
    static func updateSession<Result>(
        _ transaction: PostgresTransaction, locked: LockedSession, now: Date, alsoWrite: [PostgresFragment] = [],
        _ change: (inout SessionRecord, inout OrderRecord?) throws -> Result
    ) async throws -> Result {
        var session = locked.session
        let original = locked.order
        var order = original
        let result: Result
        do { result = try change(&session, &order) } catch { throw PostgresErrorMapping.ChangeRefused(error: error) }
        let rules = try SessionUpdateRules(
            transactionId: session.transactionId, session: session, original: original, edited: order, now: now)
        // Reviving a cancelled order makes it the profile's active one: that takes the
        // profile's lock, as every such change does, before the check.
        if rules.revivesOrder, let edited = order {
            _ = try await lockProfile(transaction, iccid: edited.iccid)
            if try await fetchActiveOrder(transaction, iccid: edited.iccid) != nil {
                throw SessionUpdateRules.profileTaken(edited.iccid)
            }
        }
        var writes: [PostgresFragment] = []
        if let edited = rules.orderToWrite, let original {
            writes.append(edited.postgresUpdate(storedAs: original.matchingId))
        }
        writes += alsoWrite
        writes.append(session.postgresUpdate)
        try await transaction.execute(PostgresFragment.combined(writes))
        return result
    }

    /// One statement (so one snapshot, one round trip, no explicit transaction) joining the session
    /// to its order, the order's profile and template, and its operator. It locks nothing: what a
    /// step then changes, `updateSession` reads again under its locks.
    public func sessionSnapshot(
        transactionId: TransactionID, matchingId: String?, withPackage: Bool
    ) async throws -> SessionSnapshot? {
        let binds = Self.sessionBinds(transactionId, matchingId: matchingId)
        return try await database.statement("session \(transactionId)") { transaction in
            let row = withPackage
                ? try await transaction.row(SnapshotWithPackageSQL.self, binds) : try await transaction.row(SnapshotSQL.self, binds)
            return try row.map { try SessionSnapshotQuery.snapshot($0, withPackage: withPackage) }
        }
    }

    /// Constant SQL (`SessionSnapshotQuery`); the values go in as bind parameters.
    enum SnapshotSQL: PostgresPreparedSQL {
        static let name = "openrsp_session_snapshot"
        static let sql = SessionSnapshotQuery.sql(withPackage: false) { "$\($0)" }
    }

    enum SnapshotWithPackageSQL: PostgresPreparedSQL {
        static let name = "openrsp_session_snapshot_package"
        static let sql = SessionSnapshotQuery.sql(withPackage: true) { "$\($0)" }
    }

    /// Two range scans of the expiry index, each over the sessions it may remove.
    public func deleteExpiredSessions(expired: Range<Date>, deliveredBefore: Date, limit: Int) async throws -> Int {
        try await database.write("expired sessions") { transaction in
            let old = try await transaction.rows("""
                DELETE FROM sessions WHERE transaction_id IN (SELECT transaction_id FROM sessions
                    WHERE expires_at < \(PostgresColumn.date(deliveredBefore)) LIMIT \(max(0, limit)))
                RETURNING transaction_id
                """).count
            guard old < limit else { return old }
            let undelivered = try await transaction.rows("""
                DELETE FROM sessions WHERE transaction_id IN (SELECT transaction_id FROM sessions
                    WHERE expires_at >= \(PostgresColumn.date(expired.lowerBound))
                    AND expires_at < \(PostgresColumn.date(expired.upperBound)) AND euicc_otpk IS NULL LIMIT \(limit - old))
                RETURNING transaction_id
                """).count
            return old + undelivered
        }
    }

    static func fetchSession(_ transaction: PostgresTransaction, transactionId: TransactionID) async throws -> SessionRecord? {
        try await transaction.row("SELECT * FROM sessions WHERE transaction_id = \(PostgresColumn.text(transactionId))")
            .map(SessionRecord.init(row:))
    }

    /// The parameters of the session statements (`LockSessionSQL`, `SnapshotSQL`): $1 the
    /// TransactionID, $2 the matchingId asked for or NULL for the session's own.
    static func sessionBinds(_ transactionId: TransactionID, matchingId: String?) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 2)
        binds.append(PostgresColumn.text(transactionId))
        if let matchingId { binds.append(matchingId) } else { binds.appendNull() }
        return binds
    }
}
