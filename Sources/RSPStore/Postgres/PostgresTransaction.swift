import PostgresNIO

/// The connection a store method works on, inside its transaction (`PostgresDatabase.write`) or
/// for its one statement (`PostgresDatabase.read`). Every value goes in as a bind parameter
/// through `PostgresQuery`'s string interpolation; SQL is never built from values.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger

    /// All rows of `query`, read to the end.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// The first row of `query`, if any.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }

    /// Runs `query` for its effect (its rows, if any, are read and dropped).
    func execute(_ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }

    /// Whether `query` returns at least one row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        try await row(query) != nil
    }
}
