import Foundation
import GRDB
import GRDBSQLite
@testable import RSPStore
import Testing

/// Rows read in place from the statement: each value in its Swift type, a wrong storage class
/// or a missing value reported as a corrupt column (never a trap), and the statement reset
/// afterwards so that it holds no read snapshot.
@Suite("SQLite statement row")
struct SQLiteStatementRowTests {
    static let sql = "SELECT t, i, r, whole, b, empty, n FROM v WHERE k = ?"

    static func scratch() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE v (k TEXT PRIMARY KEY, t, i, r, whole, b, empty, n);
                INSERT INTO v VALUES ('K', 'héllo', 42, 1.5, 7.0, X'00FF10', X'', NULL);
                """)
        }
        return queue
    }

    @Test("text, integer, real, a whole real as an integer, a blob and an empty blob read back; NULL is nil")
    func values() throws {
        try Self.scratch().read { db in
            let read = try SQLiteStatementRow.fetchOne(db, sql: Self.sql, values: [.text("K")]) { row in
                (try row.string("t"), try row.int("i"), try row.int64("i"), try row.double("r"), try row.double("i"),
                 try row.int("whole"), try row.bytes("b"), try row.bytes("empty"), try row.optionalString("n"),
                 try row.optionalBytes("n"), try row.bool("i"))
            }
            let values = try #require(read)
            #expect(values.0 == "héllo")
            #expect(values.1 == 42 && values.2 == 42)
            #expect(values.3 == 1.5 && values.4 == 42)
            #expect(values.5 == 7)
            #expect(values.6 == [0x00, 0xFF, 0x10] && values.7 == [])
            #expect(values.8 == nil && values.9 == nil)
            #expect(values.10)
        }
    }

    @Test("no row is nil")
    func noRow() throws {
        try Self.scratch().read { db in
            let none = try SQLiteStatementRow.fetchOne(db, sql: Self.sql, values: [.text("nope")]) { _ in 1 }
            #expect(none == nil)
        }
    }

    @Test("a wrong storage class, a fractional real as an integer, NULL where a value is required, an unknown column: corrupt",
          arguments: [
              { (row: SQLiteStatementRow) in _ = try row.string("i") },
              { row in _ = try row.int("r") },
              { row in _ = try row.double("t") },
              { row in _ = try row.bytes("i") },
              { row in _ = try row.string("n") },
              { row in _ = try row.bool("n") },
              { row in _ = try row.string("missing") },
          ] as [@Sendable (SQLiteStatementRow) throws -> Void])
    func corrupt(read: @Sendable (SQLiteStatementRow) throws -> Void) throws {
        try Self.scratch().read { db in
            #expect(throws: SQLiteColumn.CorruptRow.self) {
                try SQLiteStatementRow.fetchOne(db, sql: Self.sql, values: [.text("K")], read)
            }
        }
    }

    @Test("the statement is reset after the read, and after a failed one: it holds no snapshot")
    func resetAfterwards() throws {
        try Self.scratch().read { db in
            _ = try SQLiteStatementRow.fetchOne(db, sql: Self.sql, values: [.text("K")]) { try $0.string("t") }
            #expect(sqlite3_stmt_busy(try db.cachedStatement(sql: Self.sql).sqliteStatement) == 0)
            _ = try? SQLiteStatementRow.fetchOne(db, sql: Self.sql, values: [.text("K")]) { try $0.string("i") }
            #expect(sqlite3_stmt_busy(try db.cachedStatement(sql: Self.sql).sqliteStatement) == 0)
        }
    }
}
