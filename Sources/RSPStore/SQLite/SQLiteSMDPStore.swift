import Foundation
import GRDB
import RSPCore

/// The embedded default `SMDPStore`: one SQLite file (`<data dir>/openrsp.sqlite`) in WAL mode,
/// shared safely by the threads of one server and by several server processes.
///
/// Every protocol method is one SQLite transaction — `BEGIN IMMEDIATE` for writes, a snapshot
/// for reads — so each state change of an order or session happens whole or not at all, and a
/// crash at any instant leaves a consistent file (ARCHITECTURE.md, "one transaction per state
/// change"). Writers of other processes wait up to `busyTimeout` for the file's write lock
/// instead of failing at once. Commits are `synchronous = FULL`: once an order is recorded as
/// downloaded it stays so after a power loss, so the same profile is never handed out twice.
public final class SQLiteSMDPStore: SMDPStore {
    /// The file name inside the data directory.
    public static let defaultFileName = "openrsp.sqlite"
    /// How long a write waits for another connection's write lock, in seconds.
    public static let defaultBusyTimeout: TimeInterval = 10

    let database: any DatabaseWriter

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    public convenience init(path: String, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        let configuration = Self.configuration(busyTimeout: busyTimeout)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "database \(path)")
        }
        try self.init(database: pool)
    }

    /// Opens `<dataDirectory>/openrsp.sqlite`, creating the directory (owner-only) and the file on first use.
    public convenience init(dataDirectory: URL, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        do {
            try FileManager.default.createDirectory(
                at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.storage("cannot create the data directory \(dataDirectory.path)")
        }
        try self.init(path: dataDirectory.appendingPathComponent(Self.defaultFileName).path, busyTimeout: busyTimeout)
    }

    /// A private database in memory with the same schema and SQL: for tests and demos that
    /// want SQLite's behaviour without a file. It disappears with the store.
    public static func inMemory() throws -> SQLiteSMDPStore {
        do {
            return try SQLiteSMDPStore(database: DatabaseQueue(configuration: configuration(busyTimeout: 0)))
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "in-memory database")
        }
    }

    private init(database: any DatabaseWriter) throws {
        self.database = database
        try Self.migrate(database)
    }

    /// Closes the file's connections; later calls fail with `.storage`. Optional: the
    /// connections also close when the store is released.
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
        configuration.label = "OpenRSP.SMDPStore"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = busyTimeout > 0 ? .timeout(busyTimeout) : .immediateError
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// Applies the migrations not applied yet. Two processes starting together may both try the
    /// same migration; the loser's attempt fails and rolls back, and its retry finds it applied.
    static func migrate(_ database: any DatabaseWriter) throws {
        do {
            try SQLiteSchema.migrator.migrate(database)
        } catch {
            do {
                try SQLiteSchema.migrator.migrate(database)
            } catch {
                throw SQLiteErrorMapping.storeError(error, subject: "schema migration")
            }
        }
    }

    /// One write transaction; whatever it throws comes out as a `StoreError` (or, from
    /// `updateSession`'s closure, unchanged).
    func write<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.write(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }

    /// One read, on a consistent snapshot of the database.
    func read<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.read(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }
}
