import Foundation
import GRDB
import RSPCore

/// ES9+ RSP sessions, from InitiateAuthentication to the installation result (SGP.22 §3.1.3).
///
/// Every download runs these statements several times: each is prepared once per connection
/// (`cachedStatement`) instead of being compiled (and authorized) again on every call.
extension SQLiteSMDPStore {
    public func insertSession(_ session: SessionRecord) async throws {
        try await database.write("session \(session.transactionId)") { db in
            try SessionRecord.layout.insert(db, session)
        }
    }

    public func session(transactionId: TransactionID) async throws -> SessionRecord? {
        try await database.read("session \(transactionId)") { db in
            try Self.fetchSession(db, transactionId: transactionId)
        }
    }

    /// Reads the session and its order, runs `change`, and writes both back, all in one
    /// `BEGIN IMMEDIATE` transaction: no other writer (thread or process) can slip in between
    /// the read and the write, so concurrent updates never lose one another. The callbacks
    /// `change` appends are enqueued in the same transaction. If `change` throws, nothing is
    /// written and its error comes out unchanged.
    public func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result {
        try await database.write("session \(transactionId)") { db in
            try Self.updateSession(db, transactionId: transactionId, matchingId: matchingId, now: now, change)
        }
    }

    /// The session, its order, the order's profile and operator callback URL in one statement, one snapshot.
    public func sessionSnapshot(
        transactionId: TransactionID, matchingId: String?, withPackage: Bool
    ) async throws -> SessionSnapshot? {
        try database.readOne(
            "session \(transactionId)", sql: withPackage ? Self.snapshotWithPackageSQL : Self.snapshotSQL,
            values: [.text(SQLiteColumn.text(transactionId)), SQLiteValue(matchingId)]
        ) { try SessionSnapshotQuery.snapshot($0, withPackage: withPackage) }
    }

    /// `?NNN` parameters: the matchingId is bound once, whatever order the SQL names them in.
    static let snapshotSQL = SessionSnapshotQuery.sql(withPackage: false) { "?\($0)" }
    static let snapshotWithPackageSQL = SessionSnapshotQuery.sql(withPackage: true) { "?\($0)" }

    static func updateSession<Result>(
        _ db: Database, transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) throws -> Result {
        guard var session = try fetchSession(db, transactionId: transactionId) else {
            throw StoreError.notFound("session \(transactionId)")
        }
        let key = matchingId ?? session.matchingId
        var order = try key.flatMap { try fetchOrder(db, matchingId: $0) }
        let originalSession = session
        let original = order
        let result: Result
        var callbacks: [CallbackRecord] = []
        do { result = try change(&session, &order, &callbacks) } catch {
            throw SQLiteErrorMapping.ChangeRefused(error: error)
        }
        let rules = try SessionUpdateRules(
            transactionId: transactionId, session: session, original: original, edited: order, now: now)
        if rules.revivesOrder, let edited = order, try fetchActiveOrder(db, iccid: edited.iccid) != nil {
            throw SessionUpdateRules.profileTaken(edited.iccid)
        }
        if let edited = rules.orderToWrite, let original {
            try OrderRecord.layout.update(db, from: original, to: edited)
        }
        // Only changed columns are written; an unchanged session (e.g. a repeated installation
        // result) costs no page write at all.
        if session != originalSession {
            try SessionRecord.layout.update(db, from: originalSession, to: session)
        }
        for callback in callbacks { _ = try insertCallback(db, callback) }
        return result
    }

    /// Two range scans of `sessions_by_expiry`, each over the sessions it may remove.
    public func deleteExpiredSessions(expired: Range<Date>, deliveredBefore: Date, limit: Int) async throws -> Int {
        try await database.write("expired sessions") { db in
            try SQLiteValue.execute(
                db, sql: "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at < ? LIMIT ?)",
                values: [.real(SQLiteColumn.date(deliveredBefore)), SQLiteValue(max(0, limit))])
            var removed = db.changesCount
            guard removed < limit else { return removed }
            try SQLiteValue.execute(
                db, sql: """
                    DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions
                        WHERE expires_at >= ? AND expires_at < ? AND euicc_otpk IS NULL LIMIT ?)
                    """,
                values: [.real(SQLiteColumn.date(expired.lowerBound)), .real(SQLiteColumn.date(expired.upperBound)),
                         SQLiteValue(limit - removed)])
            removed += db.changesCount
            return removed
        }
    }

    static func fetchSession(_ db: Database, transactionId: TransactionID) throws -> SessionRecord? {
        try SQLiteStatementRow.fetchOne(db, sql: selectSessionSQL, values: [.text(SQLiteColumn.text(transactionId))]) {
            try SessionRecord(row: $0)
        }
    }

    static let selectSessionSQL =
        "SELECT \(SessionSnapshotQuery.sessionColumns.joined(separator: ", ")) FROM sessions WHERE transaction_id = ?"
}
