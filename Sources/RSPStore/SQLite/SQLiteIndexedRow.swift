import Foundation
import GRDB
import Synchronization

/// A GRDB row read by column position. GRDB finds a column by name case-insensitively,
/// lowercasing and comparing names on every read: for the rows every download reads (a session
/// snapshot has about forty columns) that was a larger share of the CPU than running the query.
/// Here the names are mapped to positions once per SQL text (a statement's columns never change)
/// and each read is one dictionary look-up.
struct SQLiteIndexedRow: SQLiteStoredRow {
    let row: Row
    let positions: [String: Int]

    /// The first row of the cached statement `sql`, if any.
    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments) throws -> SQLiteIndexedRow? {
        let statement = try db.cachedStatement(sql: sql)
        guard let row = try Row.fetchOne(statement, arguments: arguments) else { return nil }
        return SQLiteIndexedRow(row: row, positions: SQLiteColumnPositions.shared.positions(sql: sql, statement: statement))
    }

    private func index(_ column: String) throws -> Int {
        guard let index = positions[column] else { throw SQLiteColumn.CorruptRow(column: column) }
        return index
    }

    func required<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value {
        let index = try index(column)
        do { return try row.decode(Value.self, atIndex: index) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func optional<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value? {
        let index = try index(column)
        do { return try row.decode(Value?.self, atIndex: index) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }
}

/// Column name → position for each SQL text read through `SQLiteIndexedRow`, shared by every
/// connection (the same SQL on the same schema names the same columns). A migration that adds
/// columns runs when the store opens, before any statement is read.
final class SQLiteColumnPositions: Sendable {
    static let shared = SQLiteColumnPositions()
    private let bySQL = Mutex<[String: [String: Int]]>([:])

    func positions(sql: String, statement: Statement) -> [String: Int] {
        if let known = bySQL.withLock({ $0[sql] }) { return known }
        // The first name wins, as GRDB's own look-up by name does.
        var positions: [String: Int] = [:]
        for (index, name) in statement.columnNames.enumerated() where positions[name] == nil { positions[name] = index }
        bySQL.withLock { $0[sql] = positions }
        return positions
    }
}
