import Foundation
import PostgresNIO
import RSPCore

/// The scale-out `SMDPStore`: one PostgreSQL database shared by every `openrsp serve` node.
///
/// Every protocol method is one transaction (ARCHITECTURE.md, "one transaction per state
/// change"), with the behaviour of `SQLiteSMDPStore`. Where SQLite serializes writers on its file
/// lock, this store locks rows: a method that reads a record to change it reads it `FOR UPDATE`,
/// so two nodes never hand one profile to two orders, nor run one session step twice. A
/// transaction that loses a serialization race or a deadlock is run again (`PostgresDatabase`).
///
/// Row locks are taken in one order — session, then order, then profile — and each method takes
/// a part of that sequence only, so no two methods wait for each other in a cycle. (A deadlock
/// the server reports anyway is retried like a serialization failure.)
public final class PostgresSMDPStore: SMDPStore {
    let database: PostgresDatabase

    /// Connects to `url` with a pool of its own and applies the SM-DP+ schema's pending migrations.
    /// (`StoreLocation.open` shares one pool between both stores instead.)
    public convenience init(url: PostgresURL, logger: Logger, maximumConnections: Int = 16) async throws {
        let (database, _) = try await PostgresDatabase.connect(
            url: url, logger: logger, maximumConnections: maximumConnections, migrating: [PostgresSchema.migrations])
        self.init(database: database)
    }

    init(database: PostgresDatabase) {
        self.database = database
    }

    /// Closes the store's connection pool (shared with the SM-DS store when both came from
    /// `StoreLocation.open`); later calls fail with `.storage`.
    public func close() async {
        await database.close()
    }

    /// `SELECT 1` on a pooled connection: throws `.storage` when the server is down, unreachable,
    /// or has no connection to spare within the pool's acquire timeout.
    public func checkHealth() async throws {
        try await database.statement("health check") { transaction in
            try await transaction.execute("SELECT 1")
        }
    }
}
