import Foundation
import Logging
import Synchronization

/// The stores of one node, opened from a `StoreLocation`: the SM-DP+'s and the SM-DS's, on the
/// SQLite files of the data directory or on the PostgreSQL database every node shares (one
/// connection pool for both).
public struct OpenedStores: Sendable {
    public let smdp: any SMDPStore
    public let smds: any SMDSStore
    private let closer: Closer

    init(smdp: any SMDPStore, smds: any SMDSStore, close: @escaping @Sendable () async -> Void) {
        self.smdp = smdp
        self.smds = smds
        self.closer = Closer(close)
    }

    /// Closes the pool or the files; later store calls fail with `.storage`. Closing twice (or
    /// from two tasks) closes once.
    public func close() async {
        await closer.close()
    }

    /// Runs the closing work once, whoever asks first.
    private final class Closer: Sendable {
        private let work: Mutex<(@Sendable () async -> Void)?>

        init(_ work: @escaping @Sendable () async -> Void) {
            self.work = Mutex(work)
        }

        func close() async {
            guard let work = work.withLock({ work in defer { work = nil }; return work }) else { return }
            await work()
        }
    }
}

extension StoreLocation {
    /// Opens both stores, applying pending migrations first (on PostgreSQL, under an advisory
    /// lock: nodes starting together are safe). `maximumConnections` sizes the PostgreSQL pool
    /// the two stores share; SQLite ignores it. `commitMetrics` records SQLite's group commits
    /// (PostgreSQL commits each transaction itself).
    public func open(
        logger: Logger, maximumConnections: Int = 16, commitMetrics: GroupCommitMetrics? = nil
    ) async throws -> OpenedStores {
        switch self {
        case .sqlite(let directory):
            let smdp = try SQLiteSMDPStore(dataDirectory: directory, metrics: commitMetrics)
            let smds: SQLiteSMDSStore
            do { smds = try SQLiteSMDSStore(dataDirectory: directory, metrics: commitMetrics) } catch {
                try? smdp.close()
                throw error
            }
            Self.logApplied(smdp.database.appliedNow + smds.database.appliedNow, at: self, logger: logger)
            return OpenedStores(smdp: smdp, smds: smds) {
                do { try smdp.close() } catch { logger.error("closing the SM-DP+ store failed: \(error)") }
                do { try smds.close() } catch { logger.error("closing the SM-DS store failed: \(error)") }
            }
        case .postgres(let url):
            let (database, applied) = try await PostgresDatabase.connect(
                url: url, logger: logger, maximumConnections: maximumConnections, migrating: Self.postgresSchemas)
            Self.logApplied(applied, at: self, logger: logger)
            return OpenedStores(smdp: PostgresSMDPStore(database: database), smds: PostgresSMDSStore(database: database)) {
                await database.close()
            }
        }
    }

    /// Applies pending migrations of both schemas and returns the names of those applied now
    /// (empty when the database is up to date), then closes what it opened.
    public func migrate(logger: Logger) async throws -> [String] {
        let applied: [String]
        switch self {
        case .sqlite(let directory):
            let smdp = try SQLiteSMDPStore(dataDirectory: directory)
            try? smdp.close()
            let smds = try SQLiteSMDSStore(dataDirectory: directory)
            try? smds.close()
            applied = smdp.database.appliedNow + smds.database.appliedNow
        case .postgres(let url):
            let opened = try await PostgresDatabase.connect(
                url: url, logger: logger, maximumConnections: 1, migrating: Self.postgresSchemas)
            await opened.database.close()
            applied = opened.applied
        }
        Self.logApplied(applied, at: self, logger: logger)
        return applied
    }

    /// Both stores' schemas, SM-DP+ first, as one database holds them.
    private static let postgresSchemas = [PostgresSchema.migrations, PostgresSMDSSchema.migrations]

    private static func logApplied(_ applied: [String], at location: StoreLocation, logger: Logger) {
        for name in applied {
            logger.info("schema migration applied", metadata: ["migration": "\(name)", "store": "\(location)"])
        }
    }
}
