import Foundation
import GRDB

/// One SQLite database the way OpenRSP's stores use it, written once for the SM-DP+ and SM-DS stores.
///
/// A file is a WAL `DatabasePool` shared safely by the threads of one server and by several server
/// processes; writers of other processes wait up to `busyTimeout` for the write lock instead of
/// failing at once. Commits are `synchronous = FULL`: a recorded state change survives a power
/// loss. The schema is migrated when the database opens. Every `write` happens whole or not at
/// all inside a `BEGIN IMMEDIATE` transaction it may share with concurrent writes (group commit,
/// `SQLiteGroupCommit`), every `read` is one snapshot, and whatever they throw comes out as a
/// `StoreError` (or, from a caller's closure, unchanged).
struct SQLiteDatabase: Sendable {
    let writer: any DatabaseWriter
    private let commits: SQLiteGroupCommit
    /// A file's one-statement reads (`readOne`); nil in memory, where GRDB's one connection serves.
    private let readers: SQLiteReadConnections?
    /// The migrations this open applied, in order (empty when the file was up to date).
    let appliedNow: [String]

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    static func open(
        path: String, label: String, busyTimeout: TimeInterval, migrator: DatabaseMigrator,
        commitMetrics: GroupCommitMetrics.Instruments? = nil
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
        return try SQLiteDatabase(
            writer: pool, readers: SQLiteReadConnections(path: path, busyTimeout: busyTimeout), migrator: migrator,
            commitMetrics: commitMetrics)
    }

    /// Opens `<dataDirectory>/<fileName>`, creating the directory (owner-only) and the file on first use.
    static func open(
        dataDirectory: URL, fileName: String, label: String, busyTimeout: TimeInterval,
        migrator: DatabaseMigrator, commitMetrics: GroupCommitMetrics.Instruments? = nil
    ) throws -> SQLiteDatabase {
        do {
            try FileManager.default.createDirectory(
                at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.storage("cannot create the data directory \(dataDirectory.path)")
        }
        return try open(
            path: dataDirectory.appendingPathComponent(fileName).path, label: label, busyTimeout: busyTimeout,
            migrator: migrator, commitMetrics: commitMetrics)
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
    private init(
        writer: any DatabaseWriter, readers: SQLiteReadConnections? = nil, migrator: DatabaseMigrator,
        commitMetrics: GroupCommitMetrics.Instruments? = nil
    ) throws {
        self.writer = writer
        self.readers = readers
        // Only a file's commits are fsynced, and only they gain from sharing one.
        commits = SQLiteGroupCommit(
            writer: writer, commitDelay: writer is DatabasePool ? SQLiteGroupCommit.fileCommitDelay : 0, metrics: commitMetrics)
        do {
            let before = try writer.read { db in try migrator.appliedIdentifiers(db) }
            do { try migrator.migrate(writer) } catch { try migrator.migrate(writer) }
            let after = try writer.read { db in try migrator.appliedIdentifiers(db) }
            appliedNow = migrator.migrations.filter { after.contains($0) && !before.contains($0) }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "schema migration")
        }
    }

    /// No part of the file is read through a memory mapping (`mmap_size` 0, SQLite's default).
    ///
    /// A WAL connection drops its whole mapping whenever it starts a read after any other
    /// connection committed (SQLite's pager calls `unixUnmapfile` when the WAL changed), so on a
    /// server that commits several times per download every read remapped the file: a munmap
    /// with its TLB shootdown on every core, then page faults to map it again. Measured with
    /// `perf record` over 3000 in-process downloads, munmap and the extra faults cost ~3% of
    /// process CPU, and the pread copies they saved ~0.7%.
    static let mmapSize = 0

    static func configuration(label: String, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.label = label
        configuration.foreignKeysEnabled = true
        configuration.busyMode = busyTimeout > 0 ? .timeout(busyTimeout) : .immediateError
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Explicit: a SQLite built with a non-zero SQLITE_DEFAULT_MMAP_SIZE would map otherwise.
            try db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
        }
        return configuration
    }

    /// Closes the connections; later calls fail with `.storage`.
    func close() throws {
        readers?.close()
        do {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: "close")
        }
    }

    /// One write, whole or not at all, answered once its transaction committed. `subject` names
    /// what is written in an error, and is spelled out only then.
    func write<T: Sendable>(
        _ subject: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do { return try await commits.write(body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject())
        }
    }

    /// The first row of one SELECT (`values` bound to `?1`, `?2`…), decoded; nil
    /// without one. The statement alone is the snapshot: on a file it runs on a read-only
    /// connection of `SQLiteReadConnections`, without GRDB's reader pool and transaction.
    func readOne<T>(
        _ subject: @autoclosure () -> String, sql: String, values: [SQLiteValue], _ decode: (SQLiteStatementRow) throws -> T
    ) throws -> T? {
        do {
            if let readers { return try readers.fetchOne(sql: sql, values: values, decode) }
            return try Self.readBlocking(writer) { db in
                try SQLiteStatementRow.fetchOne(db, sql: sql, values: values, decode)
            }
        } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject())
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
    func read<T: Sendable>(_ subject: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try Self.readBlocking(writer, body) } catch {
            throw SQLiteErrorMapping.storeError(error, subject: subject())
        }
    }

    /// GRDB's synchronous read: a non-async function, so overload resolution cannot pick the async one.
    private static func readBlocking<T>(_ reader: any DatabaseReader, _ body: (Database) throws -> T) throws -> T {
        try reader.read(body)
    }
}
