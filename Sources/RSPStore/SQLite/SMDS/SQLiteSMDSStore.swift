import Foundation
import GRDB
import RSPCore

/// The embedded default `SMDSStore`: one SQLite file (`<data dir>/smds.sqlite`, separate from the
/// SM-DP+'s) in WAL mode. Every method is one SQLite transaction, like `SQLiteSMDPStore`.
public final class SQLiteSMDSStore: SMDSStore {
    /// The file name inside the data directory.
    public static let defaultFileName = "smds.sqlite"

    let database: any DatabaseWriter

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    public convenience init(path: String, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(busyTimeout: busyTimeout))
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "database \(path)")
        }
        try self.init(database: pool)
    }

    /// Opens `<dataDirectory>/smds.sqlite`, creating the directory (owner-only) and the file on first use.
    public convenience init(dataDirectory: URL, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        do {
            try FileManager.default.createDirectory(
                at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.storage("cannot create the data directory \(dataDirectory.path)")
        }
        try self.init(path: dataDirectory.appendingPathComponent(Self.defaultFileName).path, busyTimeout: busyTimeout)
    }

    /// A private database in memory with the same schema and SQL, for tests.
    public static func inMemory() throws -> SQLiteSMDSStore {
        do {
            return try SQLiteSMDSStore(database: DatabaseQueue(configuration: configuration(busyTimeout: 0)))
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "in-memory database")
        }
    }

    private init(database: any DatabaseWriter) throws {
        self.database = database
        do {
            try SQLiteSMDSSchema.migrator.migrate(database)
        } catch {
            // Two processes starting together: the loser's retry finds the migration applied.
            do { try SQLiteSMDSSchema.migrator.migrate(database) } catch {
                throw SQLiteErrorMapping.storeError(error, subject: "schema migration")
            }
        }
    }

    /// Closes the file's connections; later calls fail with `.storage`.
    public func close() throws {
        do {
            if let pool = database as? DatabasePool { try pool.close() }
            if let queue = database as? DatabaseQueue { try queue.close() }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "close")
        }
    }

    static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.label = "OpenRSP.SMDSStore"
        configuration.busyMode = busyTimeout > 0 ? .timeout(busyTimeout) : .immediateError
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    func write<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.write(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }

    func read<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.read(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }

    // MARK: Events

    public func insertEvent(_ event: EventRecord) async throws {
        try await write("event \(event.eventId)") { db in
            try db.execute(sql: EventRecord.insertSQL, arguments: event.arguments)
        }
    }

    public func event(eventId: String) async throws -> EventRecord? {
        try await read("event \(eventId)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE event_id = ?", arguments: [eventId]).map(EventRecord.init(row:))
        }
    }

    public func deleteEvent(eventId: String, registeredBy: String) async throws {
        try await write("event \(eventId)") { db in
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
        try await read("events of \(eid)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE eid = ? AND expires_at > ? ORDER BY created_at, event_id",
                arguments: [SQLiteColumn.text(eid), SQLiteColumn.date(date)]
            ).map(EventRecord.init(row:))
        }
    }

    public func deleteExpiredEvents(before date: Date) async throws -> Int {
        try await write("expired events") { db in
            try db.execute(sql: "DELETE FROM events WHERE expires_at <= ?", arguments: [SQLiteColumn.date(date)])
            return db.changesCount
        }
    }

    // MARK: Sessions

    public func insertSMDSSession(_ session: SMDSSessionRecord) async throws {
        try await write("session \(session.transactionId)") { db in
            try db.execute(sql: SMDSSessionRecord.insertSQL, arguments: session.arguments)
        }
    }

    public func smdsSession(transactionId: TransactionID) async throws -> SMDSSessionRecord? {
        try await read("session \(transactionId)") { db in try Self.fetchSession(db, transactionId) }
    }

    public func updateSMDSSession<Result: Sendable>(
        transactionId: TransactionID, _ change: @Sendable (inout SMDSSessionRecord) throws -> Result
    ) async throws -> Result {
        try await write("session \(transactionId)") { db in
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
        try await write("expired sessions") { db in
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
