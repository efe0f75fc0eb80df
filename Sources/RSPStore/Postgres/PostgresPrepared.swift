import PostgresNIO

/// SQL that PostgreSQL parses and plans once per connection, as a named prepared statement, instead
/// of on every call. For the statements every ES9+ call sends, with only their values changing:
/// parsing and planning their joins was a large part of the server's work per call.
///
/// The text must not depend on any value (they are all parameters), and must name its result
/// columns: a prepared `SELECT *` fails once a migration changes the table.
protocol PostgresPreparedSQL {
    /// The statement's name on the connection, unique among them: PostgreSQL keeps 63 bytes of a
    /// name, which a Swift type's full name can exceed.
    static var name: String { get }
    static var sql: String { get }
}

/// `SQL` with this call's values, for postgres-nio, which prepares it under `SQL.name` on a
/// connection's first use and executes it by that name afterwards.
struct PostgresPrepared<SQL: PostgresPreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRandomAccessRow

    static var name: String { SQL.name }
    static var sql: String { SQL.sql }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

extension PostgresTransaction {
    /// The first row `SQL` returns for `binds`, if any, through its prepared statement.
    func row<SQL: PostgresPreparedSQL>(_ sql: SQL.Type, _ binds: PostgresBindings) async throws -> PostgresRandomAccessRow? {
        var rows = try await connection.execute(PostgresPrepared<SQL>(bindings: binds), logger: logger).makeAsyncIterator()
        let first = try await rows.next()
        // Read to the end, so the connection is ready for the next statement.
        while try await rows.next() != nil {}
        return first
    }
}
