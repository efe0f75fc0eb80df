import Foundation
import PostgresNIO
import RSPCore

/// The scale-out `SMDSStore`: the `smds_` tables of the PostgreSQL database the nodes share.
/// Every method is one transaction, like `PostgresSMDPStore`'s; `updateSMDSSession` locks the
/// session row, so an ES11 session is used by one AuthenticateClient only, whichever node runs it.
public final class PostgresSMDSStore: SMDSStore {
    let database: PostgresDatabase

    /// Connects to `url` with a pool of its own and applies the SM-DS schema's pending migrations.
    /// (`StoreLocation.open` shares one pool between both stores instead.)
    public convenience init(url: PostgresURL, logger: Logger, maximumConnections: Int = 16) async throws {
        let (database, _) = try await PostgresDatabase.connect(
            url: url, logger: logger, maximumConnections: maximumConnections, migrating: [PostgresSMDSSchema.migrations])
        self.init(database: database)
    }

    init(database: PostgresDatabase) {
        self.database = database
    }

    /// Closes the store's connection pool (shared with the SM-DP+ store when both came from
    /// `StoreLocation.open`); later calls fail with `.storage`.
    public func close() async {
        await database.close()
    }

    // MARK: Events

    public func insertEvent(_ event: EventRecord) async throws {
        try await database.statement("event \(event.eventId)") { transaction in
            try await transaction.execute(event.postgresInsert)
        }
    }

    public func event(eventId: String) async throws -> EventRecord? {
        try await database.statement("event \(eventId)") { transaction in
            try await transaction.row("SELECT * FROM smds_events WHERE event_id = \(eventId)").map(EventRecord.init(row:))
        }
    }

    /// Locks the event's row, so a concurrent delete of another requester cannot slip in between
    /// the owner check and the delete.
    public func deleteEvent(eventId: String, registeredBy: String) async throws {
        try await database.write("event \(eventId)") { transaction in
            guard let row = try await transaction.row("SELECT * FROM smds_events WHERE event_id = \(eventId) FOR UPDATE") else {
                throw StoreError.notFound("event \(eventId)")
            }
            guard try EventRecord(row: row).registeredBy == registeredBy else {
                throw StoreError.conflict("event \(eventId) was registered by another requester")
            }
            try await transaction.execute("DELETE FROM smds_events WHERE event_id = \(eventId)")
        }
    }

    public func events(eid: EID, unexpiredAt date: Date) async throws -> [EventRecord] {
        try await database.statement("events of \(eid)") { transaction in
            try await transaction.rows("""
                SELECT * FROM smds_events WHERE eid = \(PostgresColumn.text(eid)) AND expires_at > \(PostgresColumn.date(date))
                ORDER BY created_at, event_id
                """).map(EventRecord.init(row:))
        }
    }

    public func deleteExpiredEvents(before date: Date) async throws -> Int {
        try await database.statement("expired events") { transaction in
            try await transaction.rows(
                "DELETE FROM smds_events WHERE expires_at <= \(PostgresColumn.date(date)) RETURNING event_id").count
        }
    }

    // MARK: Sessions

    public func insertSMDSSession(_ session: SMDSSessionRecord) async throws {
        try await database.statement("session \(session.transactionId)") { transaction in
            try await transaction.execute(session.postgresInsert)
        }
    }

    public func smdsSession(transactionId: TransactionID) async throws -> SMDSSessionRecord? {
        try await database.statement("session \(transactionId)") { transaction in
            try await Self.fetchSession(transaction, transactionId, lock: false)
        }
    }

    /// Reads the session with `FOR UPDATE`, runs `change`, writes it back, in one transaction: a
    /// concurrent update on another node waits, then sees this one's result.
    public func updateSMDSSession<Result: Sendable>(
        transactionId: TransactionID, _ change: @Sendable (inout SMDSSessionRecord) throws -> Result
    ) async throws -> Result {
        try await database.write("session \(transactionId)") { transaction in
            guard var session = try await Self.fetchSession(transaction, transactionId, lock: true) else {
                throw StoreError.notFound("session \(transactionId)")
            }
            let result: Result
            do { result = try change(&session) } catch { throw PostgresErrorMapping.ChangeRefused(error: error) }
            guard session.transactionId == transactionId else {
                throw StoreError.conflict("a session's TransactionID cannot change")
            }
            try await transaction.execute(session.postgresUpdate)
            return result
        }
    }

    public func deleteExpiredSMDSSessions(before date: Date) async throws -> Int {
        try await database.statement("expired sessions") { transaction in
            try await transaction.rows(
                "DELETE FROM smds_sessions WHERE expires_at <= \(PostgresColumn.date(date)) RETURNING transaction_id").count
        }
    }

    static func fetchSession(
        _ transaction: PostgresTransaction, _ transactionId: TransactionID, lock: Bool
    ) async throws -> SMDSSessionRecord? {
        let id = PostgresColumn.text(transactionId)
        let row = lock
            ? try await transaction.row("SELECT * FROM smds_sessions WHERE transaction_id = \(id) FOR UPDATE")
            : try await transaction.row("SELECT * FROM smds_sessions WHERE transaction_id = \(id)")
        return try row.map(SMDSSessionRecord.init(row:))
    }
}
