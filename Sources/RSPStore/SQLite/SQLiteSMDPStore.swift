import Foundation
import GRDB
import RSPCore

/// The embedded default `SMDPStore`: one SQLite file (`<data dir>/openrsp.sqlite`) in WAL mode,
/// shared safely by the threads of one server and by several server processes.
///
/// Every protocol method is atomic — a write runs inside a `BEGIN IMMEDIATE` transaction (in its
/// own savepoint when concurrent writes share that transaction's commit, `SQLiteGroupCommit`), a
/// read on one snapshot — so each state change of an order or session happens whole or not at
/// all, and a crash at any instant leaves a consistent file (ARCHITECTURE.md, "one transaction
/// per state change"). Writers of other processes wait up to `busyTimeout` for the file's write lock
/// instead of failing at once. Commits are `synchronous = FULL`: once an order is recorded as
/// downloaded it stays so after a power loss, so the same profile is never handed out twice.
public final class SQLiteSMDPStore: SMDPStore {
    /// The file name inside the data directory.
    public static let defaultFileName = "openrsp.sqlite"
    /// How long a write waits for another connection's write lock, in seconds.
    public static let defaultBusyTimeout: TimeInterval = 10

    let database: SQLiteDatabase

    /// Opens (creating it on first use) the database file at `path` and brings its schema up to date.
    public convenience init(path: String, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout) throws {
        self.init(database: try .open(
            path: path, label: "OpenRSP.SMDPStore", busyTimeout: busyTimeout, migrator: SQLiteSchema.migrator))
    }

    /// Opens the store's file in `dataDirectory`, creating the directory (owner-only) and the file on first use.
    /// With `metrics`, each group commit is recorded as database "smdp".
    public convenience init(
        dataDirectory: URL, busyTimeout: TimeInterval = SQLiteSMDPStore.defaultBusyTimeout, metrics: GroupCommitMetrics? = nil
    ) throws {
        self.init(database: try .open(
            dataDirectory: dataDirectory, fileName: Self.defaultFileName, label: "OpenRSP.SMDPStore", busyTimeout: busyTimeout,
            migrator: SQLiteSchema.migrator, commitMetrics: metrics?.instruments(database: "smdp")))
    }

    /// A private database in memory with the same schema and SQL: for tests and demos that want SQLite's behaviour without a file.
    public static func inMemory() throws -> SQLiteSMDPStore {
        SQLiteSMDPStore(database: try .inMemory(label: "OpenRSP.SMDPStore", migrator: SQLiteSchema.migrator))
    }

    private init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Closes the file's connections; later calls fail with `.storage`.
    public func close() throws {
        try database.close()
    }
}
