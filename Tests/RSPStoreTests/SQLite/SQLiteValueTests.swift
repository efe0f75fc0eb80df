import Foundation
import GRDB
@testable import RSPStore
import Testing

/// Values bound straight to SQLite (`SQLiteValue`): each is stored as the storage class it names,
/// an empty text or blob is not NULL, and SQLite's refusals come out as GRDB's errors do, which is
/// what the store maps to its own (`SQLiteErrorMapping`).
@Suite("SQLite values bound to statements")
struct SQLiteValueTests {
    static func scratch() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE v (k INTEGER PRIMARY KEY, x)") }
        return queue
    }

    static let insert = "INSERT INTO v (k, x) VALUES (?, ?)"

    @Test("each value is stored with its storage class and read back unchanged", arguments: [
        (SQLiteValue.null, "null"), (.integer(-7), "integer"), (.integer(Int64.max), "integer"), (.real(2.5), "real"),
        (.text("8949 é"), "text"), (.text(""), "text"), (.blob([0, 1, 0xFF]), "blob"), (.blob([]), "blob"),
    ])
    func roundTrip(value: SQLiteValue, storageClass: String) throws {
        try Self.scratch().write { db throws -> Void in
            try SQLiteValue.execute(db, sql: Self.insert, values: [.integer(1), value])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(x) FROM v") == storageClass)
            let stored = try #require(try Row.fetchOne(db, sql: "SELECT x FROM v"))
            switch value {
            case .null: #expect(stored["x"] as DatabaseValue == .null)
            case .integer(let number): #expect(stored["x"] as Int64? == number)
            case .real(let number): #expect(stored["x"] as Double? == number)
            case .text(let text): #expect(stored["x"] as String? == text)
            case .blob(let bytes): #expect((stored["x"] as Data?).map(Array.init) == bytes)
            }
        }
    }

    @Test("the optional initialisers store NULL for nil")
    func optionals() {
        #expect(SQLiteValue(nil as String?) == .null)
        #expect(SQLiteValue(nil as [UInt8]?) == .null)
        #expect(SQLiteValue(nil as Int?) == .null)
        #expect(SQLiteValue(nil as Double?) == .null)
        #expect(SQLiteValue(true) == .integer(1))
        #expect(SQLiteValue([1, 2] as [UInt8]?) == .blob([1, 2]))
    }

    @Test("a taken key is SQLite's extended constraint code, and the statement serves the next insert")
    func constraintThenReuse() throws {
        try Self.scratch().write { db throws -> Void in
            try SQLiteValue.execute(db, sql: Self.insert, values: [.integer(1), .text("a")])
            #expect {
                try SQLiteValue.execute(db, sql: Self.insert, values: [.integer(1), .text("b")])
            } throws: { error in
                (error as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            }
            #expect(SQLiteErrorMapping.storeError(
                DatabaseError(resultCode: .SQLITE_CONSTRAINT_PRIMARYKEY), subject: "row 1") == .duplicate("row 1"))
            try SQLiteValue.execute(db, sql: Self.insert, values: [.integer(2), .text("c")])
            #expect(try String.fetchAll(db, sql: "SELECT x FROM v ORDER BY k") == ["a", "c"])
        }
    }

    @Test("too few or too many values are refused before anything runs")
    func parameterCount() throws {
        try Self.scratch().write { db throws -> Void in
            for values: [SQLiteValue] in [[.integer(1)], [.integer(1), .null, .null]] {
                #expect {
                    try SQLiteValue.execute(db, sql: Self.insert, values: values)
                } throws: { error in
                    (error as? DatabaseError)?.resultCode == .SQLITE_MISUSE
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM v") == 0)
        }
    }
}
