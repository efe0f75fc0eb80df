import PostgresNIO

/// One named schema change: statements run in order, in one transaction (PostgreSQL's DDL is
/// transactional, so a migration is applied whole or not at all). Never edit a migration that
/// has shipped: add a new one.
struct PostgresMigration: Sendable {
    let name: String
    /// Constant SQL, one statement each (the extended query protocol takes one at a time).
    let statements: [String]
}

/// Applies migrations in order, recording each in `openrsp_schema_migrations`.
///
/// Several nodes may start together on one database: each migration runs in its own transaction
/// under the transaction-scoped advisory lock `lockKey`, and checks the record table only once it
/// holds the lock. The first node applies it; the others wait, then find it applied and skip it.
enum PostgresMigrator {
    /// The advisory lock every OpenRSP migration takes: "OpenRSP" in ASCII.
    static let lockKey: Int64 = 0x4F70_656E_5253_50

    /// Applies the migrations not applied yet; returns the names of those applied by this call.
    static func migrate(_ database: PostgresDatabase, _ migrations: [PostgresMigration]) async throws -> [String] {
        var applied: [String] = []
        for migration in migrations {
            let ran = try await database.write("schema migration \"\(migration.name)\"") { transaction in
                try await transaction.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
                try await transaction.execute("""
                    CREATE TABLE IF NOT EXISTS openrsp_schema_migrations (
                        name TEXT PRIMARY KEY,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """)
                guard try await !transaction.exists(
                    "SELECT 1 FROM openrsp_schema_migrations WHERE name = \(migration.name)") else { return false }
                for statement in migration.statements {
                    try await transaction.execute(PostgresQuery(unsafeSQL: statement))
                }
                try await transaction.execute("INSERT INTO openrsp_schema_migrations (name) VALUES (\(migration.name))")
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }
}

extension PostgresDatabase {
    /// Connects to `url` and applies each schema's pending migrations, in order; returns the pool
    /// and the names applied now. A failed migration closes the pool before its error comes out,
    /// so no caller is left holding connections to a database it cannot use.
    static func connect(
        url: PostgresURL, logger: Logger, maximumConnections: Int, migrating schemas: [[PostgresMigration]]
    ) async throws -> (database: PostgresDatabase, applied: [String]) {
        let database = try await connect(url: url, logger: logger, maximumConnections: maximumConnections)
        do {
            var applied: [String] = []
            for migrations in schemas { applied += try await PostgresMigrator.migrate(database, migrations) }
            return (database, applied)
        } catch {
            await database.close()
            throw error
        }
    }
}
