import Foundation
import GRDB
import RSPCore

/// The embedded default `SMDSStore`: one SQLite file (`<data dir>/smds.sqlite`, separate from the
/// SM-DP+'s) in WAL mode. Every method is atomic and durable when it returns, like `SQLiteSMDPStore`.
public final class SQLiteSMDSStore: SMDSStore {
    /// The file name inside the data directory.
    public static let defaultFileName = "smds.sqlite"

    let database: SQLiteDatabase

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    public convenience init(path: String, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        self.init(database: try .open(
            path: path, label: "OpenRSP.SMDSStore", busyTimeout: busyTimeout, migrator: SQLiteSMDSSchema.migrator))
    }

    /// Opens the store's file in `dataDirectory`, creating the directory (owner-only) and the file on first use.
    /// With `metrics`, each group commit is recorded as database "smds".
    public convenience init(
        dataDirectory: URL, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout, metrics: GroupCommitMetrics? = nil
    ) throws {
        self.init(database: try .open(
            dataDirectory: dataDirectory, fileName: Self.defaultFileName, label: "OpenRSP.SMDSStore", busyTimeout: busyTimeout,
            migrator: SQLiteSMDSSchema.migrator, commitMetrics: metrics?.instruments(database: "smds")))
    }

    /// A private database in memory with the same schema and SQL, for tests.
    public static func inMemory() throws -> SQLiteSMDSStore {
        SQLiteSMDSStore(database: try .inMemory(label: "OpenRSP.SMDSStore", migrator: SQLiteSMDSSchema.migrator))
    }

    private init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Closes the file's connections; later calls fail with `.storage`.
    public func close() throws {
        try database.close()
    }

    // MARK: Events

    public func insertEvent(_ event: EventRecord) async throws {
        try await database.write("event \(event.eventId)") { db in
            try db.execute(sql: EventRecord.insertSQL, arguments: event.arguments)
        }
    }

    public func event(eventId: String) async throws -> EventRecord? {
        try await database.read("event \(eventId)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE event_id = ?", arguments: [eventId]).map(EventRecord.init(row:))
        }
    }

    public func deleteEvent(eventId: String, registeredBy: String) async throws {
        try await database.write("event \(eventId)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM events WHERE event_id = ?", arguments: [eventId]) else {
                throw StoreError.notFound("event \(eventId)")
            }
            guard try EventRecord(row: row).registeredBy == registeredBy else {
                throw StoreError.conflict("event \(eventId) was registered by another requester")
            }
            try db.execute(sql: "DELETE FROM events WHERE event_id = ?", arguments: [eventId])
        }
    }

    public func events(eid: EID, unexpiredAt date: Date) async throws -> [EventRecord] {
        try await database.read("events of \(eid)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE eid = ? AND expires_at > ? ORDER BY created_at, event_id",
                arguments: [SQLiteColumn.text(eid), SQLiteColumn.date(date)]
            ).map(EventRecord.init(row:))
        }
    }

    public func deleteExpiredEvents(before date: Date) async throws -> Int {
        try await database.write("expired events") { db in
            try db.execute(sql: "DELETE FROM events WHERE expires_at <= ?", arguments: [SQLiteColumn.date(date)])
            return db.changesCount
        }
    }

    // MARK: Sessions

    public func insertSMDSSession(_ session: SMDSSessionRecord) async throws {
        try await database.write("session \(session.transactionId)") { db in
            try db.execute(sql: SMDSSessionRecord.insertSQL, arguments: session.arguments)
        }
    }

    public func smdsSession(transactionId: TransactionID) async throws -> SMDSSessionRecord? {
        try await database.read("session \(transactionId)") { db in try Self.fetchSession(db, transactionId) }
    }

    public func updateSMDSSession<Result: Sendable>(
        transactionId: TransactionID, _ change: @Sendable (inout SMDSSessionRecord) throws -> Result
    ) async throws -> Result {
        try await database.write("session \(transactionId)") { db in
            guard var session = try Self.fetchSession(db, transactionId) else {
                throw StoreError.notFound("session \(transactionId)")
            }
            let result: Result
            do { result = try change(&session) } catch { throw SQLiteErrorMapping.ChangeRefused(error: error) }
            guard session.transactionId == transactionId else {
                throw StoreError.conflict("a session's TransactionID cannot change")
            }
            try db.execute(sql: SMDSSessionRecord.updateSQL, arguments: session.arguments)
            return result
        }
    }

    public func deleteExpiredSMDSSessions(before date: Date) async throws -> Int {
        try await database.write("expired sessions") { db in
            try db.execute(sql: "DELETE FROM smds_sessions WHERE expires_at <= ?", arguments: [SQLiteColumn.date(date)])
            return db.changesCount
        }
    }

    static func fetchSession(_ db: Database, _ transactionId: TransactionID) throws -> SMDSSessionRecord? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM smds_sessions WHERE transaction_id = ?", arguments: [SQLiteColumn.text(transactionId)]
        ).map(SMDSSessionRecord.init(row:))
    }
}
