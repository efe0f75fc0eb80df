import Foundation
import GRDB
import GRDBSQLite

/// A value as SQLite stores it, bound straight to a statement parameter through `sqlite3_bind_*`.
///
/// The writes of every download go this way rather than through GRDB's `StatementArguments`:
/// there, each value became a `DatabaseValue` (a `Data` per blob) through an existential, and was
/// bound through generic code that validated the arguments again on every call; that was most of
/// the writer thread's time outside SQLite itself.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ bytes: [UInt8]?) { self = bytes.map { .blob($0) } ?? .null }
    init(_ number: Double?) { self = number.map { .real($0) } ?? .null }
    init(_ number: Int64?) { self = number.map { .integer($0) } ?? .null }
    init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    init(_ flag: Bool) { self = .integer(flag ? 1 : 0) }

    /// SQLITE_TRANSIENT: SQLite copies a bound text or blob before `bind` returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds this value to parameter `index` (1-based) of `statement`; SQLite's result code.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .null:
            return sqlite3_bind_null(statement, index)
        case .integer(let number):
            return sqlite3_bind_int64(statement, index, number)
        case .real(let number):
            return sqlite3_bind_double(statement, index, number)
        case .text(var text):
            // A null pointer would bind NULL: an empty text is bound from a literal.
            return text.withUTF8 { utf8 in
                guard let start = utf8.baseAddress, !utf8.isEmpty else {
                    return sqlite3_bind_text(statement, index, "", 0, Self.transient)
                }
                return start.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(utf8.count), Self.transient)
                }
            }
        case .blob(let bytes):
            // Likewise, an empty blob is a zero-length blob, not NULL.
            return bytes.withUnsafeBytes { raw in
                guard let start = raw.baseAddress, !raw.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
                return sqlite3_bind_blob(statement, index, start, Int32(raw.count), Self.transient)
            }
        }
    }

    /// Binds `values` to the parameters of `statement` (prepared from `sql` on `connection`), in
    /// order; as many values as parameters, or nothing is bound.
    static func bind(_ values: [SQLiteValue], to statement: OpaquePointer, on connection: OpaquePointer?, sql: String) throws {
        guard Int(sqlite3_bind_parameter_count(statement)) == values.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(sqlite3_bind_parameter_count(statement)) parameters",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let code = value.bind(to: statement, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw error(code, connection, sql: sql) }
        }
    }

    /// SQLite's error `code` on `connection` as GRDB reports one (`SQLiteErrorMapping` reads it).
    static func error(_ code: Int32, _ connection: OpaquePointer?, sql: String?) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// Runs `db`'s cached statement `sql`, its parameters bound to `values` in order, to its end.
    ///
    /// Only for statements that change rows (INSERT, UPDATE, DELETE) inside a transaction the
    /// caller opened through GRDB, which keeps track of the transaction itself.
    static func execute(_ db: Database, sql: String, values: [SQLiteValue]) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        try bind(values, to: handle, on: db.sqliteConnection, sql: sql)
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code: throw error(code, db.sqliteConnection, sql: sql)
            }
        }
    }
}
