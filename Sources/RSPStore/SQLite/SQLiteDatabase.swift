import Foundation
import GRDB

/// One SQLite database the way OpenRSP's stores use it, written once for the SM-DP+ and SM-DS stores.
///
/// A file is a WAL `DatabasePool` shared safely by the threads of one server and by several server
/// processes; writers of other processes wait up to `busyTimeout` for the write lock instead of
/// failing at once. Commits are `synchronous = FULL`: a recorded state change survives a power
/// loss. The schema is migrated when the database opens. Every `write` is one `BEGIN IMMEDIATE`
/// transaction and every `read` one snapshot, and whatever they throw comes out as a `StoreError`
/// (or, from a caller's closure, unchanged).
struct SQLiteDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The migrations this open applied, in order (empty when the file was up to date).
    let appliedNow: [String]

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    static func open(
        path: String, label: String, busyTimeout: TimeInterval, migrator: DatabaseMigrator
    ) throws -> SQLiteDatabase {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(
                path: path, configuration: configuration(label: label, busyTimeout: busyTimeout))
            // GRDB turns WAL on for the writer after `prepareDatabase` ran and sets its
            // `synchronous` to NORMAL then (a commit would not be fsynced, only checkpoints):
            // the one connection that commits is set back to FULL here.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "database \(path)")
        }
        return try SQLiteDatabase(writer: pool, migrator: migrator)
    }

    /// Opens `<dataDirectory>/<fileName>`, creating the directory (owner-only) and the file on first use.
    static func open(
        dataDirectory: URL, fileName: String, label: String, busyTimeout: TimeInterval,
        migrator: DatabaseMigrator
    ) throws -> SQLiteDatabase {
        do {
            try FileManager.default.createDirectory(
                at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.storage("cannot create the data directory \(dataDirectory.path)")
        }
        return try open(
            path: dataDirectory.appendingPathComponent(fileName).path, label: label, busyTimeout: busyTimeout,
            migrator: migrator)
    }

    /// A private database in memory with the same schema and SQL, for tests and demos; it disappears with its store.
    static func inMemory(label: String, migrator: DatabaseMigrator) throws -> SQLiteDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(label: label, busyTimeout: 0))
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "in-memory database")
        }
        return try SQLiteDatabase(writer: queue, migrator: migrator)
    }

    /// Applies the migrations not applied yet. Two processes starting together may both try the
    /// same migration; the loser's attempt fails and rolls back, and its retry finds it applied.
    private init(writer: any DatabaseWriter, migrator: DatabaseMigrator) throws {
        self.writer = writer
        do {
            let before = try writer.read { db in try migrator.appliedIdentifiers(db) }
            do { try migrator.migrate(writer) } catch { try migrator.migrate(writer) }
            let after = try writer.read { db in try migrator.appliedIdentifiers(db) }
            appliedNow = migrator.migrations.filter { after.contains($0) && !before.contains($0) }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "schema migration")
        }
    }

    /// The largest part of a database file read through a memory mapping (256 MiB of address space).
    static let mmapSize = 256 << 20

    static func configuration(label: String, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.label = label
        configuration.foreignKeysEnabled = true
        configuration.busyMode = busyTimeout > 0 ? .timeout(busyTimeout) : .immediateError
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Reads of a file database come from a shared mapping of the page cache instead of
            // pread copies into SQLite's own cache (the kernel's copy and page lookups cost more
            // than the keyed reads themselves). Writes still go through write() and fsync, and the
            // WAL and its shared-memory locking work as before, so other processes are unaffected.
            try db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
        }
        return configuration
    }

    /// Closes the connections; later calls fail with `.storage`.
    func close() throws {
        do {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "close")
        }
    }

    /// One write transaction.
    func write<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await writer.write(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }

    /// One read, on a consistent snapshot of the database.
    ///
    /// Run synchronously on the caller's thread: GRDB's async `read` hops to the reader's queue and
    /// back, two task switches that cost more CPU than the keyed reads of a download themselves.
    /// Blocking is bounded: in WAL mode a reader never waits for a writer, only (rarely) for one
    /// of the pool's reader connections, for the length of another short read. Writes stay
    /// async: they may wait for the write lock of another process and for the commit's fsync,
    /// which must not hold one of the few threads that run every request.
    func read<T: Sendable>(_ subject: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try Self.readBlocking(writer, body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject)
        }
    }

    /// GRDB's synchronous read: a non-async function, so overload resolution cannot pick the async one.
    private static func readBlocking<T>(_ reader: any DatabaseReader, _ body: (Database) throws -> T) throws -> T {
        try reader.read(body)
    }
}
