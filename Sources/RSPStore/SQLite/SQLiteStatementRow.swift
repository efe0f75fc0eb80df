import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The current row of a stepped statement, read in place by column position through SQLite's
/// `sqlite3_column_*` functions.
///
/// The rows every download reads (a session snapshot has about forty columns) were a larger
/// share of the CPU than running the query: a GRDB `Row` from a statement first maps every
/// column name, lowercased, to its position, then copies each value into a `DatabaseValue`, and
/// each value is decoded again from that copy through unspecialised generic code. Here the
/// names are mapped to positions once per SQL text (a statement's columns never change) and
/// each value is read once, straight into its Swift type.
///
/// Valid only while its statement stays on the row: records are read inside `fetchOne`.
/// A value of the wrong storage class (or a NULL where one is required) is `CorruptRow`.
struct SQLiteStatementRow: StoredRow {
    private let statement: SQLiteStatement
    private let positions: [String: Int]

    /// The row `statement` is on; `positions` maps its column names (`SQLiteColumnPositions`).
    init(statement: SQLiteStatement, positions: [String: Int]) {
        self.statement = statement
        self.positions = positions
    }

    /// `decode` applied to the first row of `db`'s cached statement `sql`, its parameters bound to
    /// `values`, if there is a row.
    static func fetchOne<Value>(
        _ db: Database, sql: String, values: [SQLiteValue], _ decode: (SQLiteStatementRow) throws -> Value
    ) throws -> Value? {
        try first(of: try db.cachedStatement(sql: sql).sqliteStatement, on: db.sqliteConnection, sql: sql, values: values, decode)
    }

    /// `decode` applied to the first row `statement` (prepared from `sql` on `connection`) answers
    /// with `values` bound to its parameters, if any. The statement is reset before returning,
    /// so that it holds no read snapshot open.
    static func first<Value>(
        of statement: SQLiteStatement, on connection: OpaquePointer?, sql: String, values: [SQLiteValue],
        _ decode: (SQLiteStatementRow) throws -> Value
    ) throws -> Value? {
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        try SQLiteValue.bind(values, to: statement, on: connection, sql: sql)
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            let positions = SQLiteColumnPositions.shared.positions(sql: sql, statement: statement)
            return try decode(SQLiteStatementRow(statement: statement, positions: positions))
        case SQLITE_DONE:
            return nil
        case let code:
            throw SQLiteValue.error(code, connection, sql: sql)
        }
    }

    private func index(_ column: String) throws -> Int32 {
        guard let index = positions[column] else { throw SQLiteColumn.CorruptRow(column: column) }
        return Int32(index)
    }

    /// The column's storage class, nil for NULL.
    private func type(_ column: String) throws -> (index: Int32, type: Int32)? {
        let index = try index(column)
        let type = sqlite3_column_type(statement, index)
        return type == SQLITE_NULL ? nil : (index, type)
    }

    func optionalString(_ column: String) throws -> String? {
        guard let (index, type) = try type(column) else { return nil }
        guard type == SQLITE_TEXT, let text = sqlite3_column_text(statement, index) else {
            throw SQLiteColumn.CorruptRow(column: column)
        }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self)
    }

    /// Integers as SQLite stores them; a REAL only when it holds a whole number (as GRDB reads it).
    func optionalInt64(_ column: String) throws -> Int64? {
        guard let (index, type) = try type(column) else { return nil }
        switch type {
        case SQLITE_INTEGER: return sqlite3_column_int64(statement, index)
        case SQLITE_FLOAT:
            guard let value = Int64(exactly: sqlite3_column_double(statement, index)) else {
                throw SQLiteColumn.CorruptRow(column: column)
            }
            return value
        default: throw SQLiteColumn.CorruptRow(column: column)
        }
    }

    func optionalDouble(_ column: String) throws -> Double? {
        guard let (index, type) = try type(column) else { return nil }
        guard type == SQLITE_FLOAT || type == SQLITE_INTEGER else { throw SQLiteColumn.CorruptRow(column: column) }
        return sqlite3_column_double(statement, index)
    }

    /// A BLOB (or TEXT, as GRDB reads one into `Data`); an empty BLOB has no pointer.
    func optionalBytes(_ column: String) throws -> [UInt8]? {
        guard let (index, type) = try type(column) else { return nil }
        guard type == SQLITE_BLOB || type == SQLITE_TEXT else { throw SQLiteColumn.CorruptRow(column: column) }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    func string(_ column: String) throws -> String { try required(column, optionalString(column)) }
    func int64(_ column: String) throws -> Int64 { try required(column, optionalInt64(column)) }
    func double(_ column: String) throws -> Double { try required(column, optionalDouble(column)) }
    func bytes(_ column: String) throws -> [UInt8] { try required(column, optionalBytes(column)) }

    func int(_ column: String) throws -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw SQLiteColumn.CorruptRow(column: column) }
        return value
    }

    func bool(_ column: String) throws -> Bool { try int64(column) != 0 }

    private func required<Value>(_ column: String, _ value: Value?) throws -> Value {
        guard let value else { throw SQLiteColumn.CorruptRow(column: column) }
        return value
    }
}

/// Column name → position for each SQL text read through `SQLiteStatementRow`, shared by every
/// connection (the same SQL on the same schema names the same columns). A migration that adds
/// columns runs when the store opens, before any statement is read.
final class SQLiteColumnPositions: Sendable {
    static let shared = SQLiteColumnPositions()
    private let bySQL = Mutex<[String: [String: Int]]>([:])

    func positions(sql: String, statement: SQLiteStatement) -> [String: Int] {
        positions(sql: sql) {
            (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
        }
    }

    private func positions(sql: String, names: () -> [String]) -> [String: Int] {
        if let known = bySQL.withLock({ $0[sql] }) { return known }
        // The first name wins, as GRDB's own look-up by name does.
        var positions: [String: Int] = [:]
        for (index, name) in names().enumerated() where positions[name] == nil { positions[name] = index }
        bySQL.withLock { $0[sql] = positions }
        return positions
    }
}
