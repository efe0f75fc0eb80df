import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// An update names only the columns that changed, so SQLite leaves alone the indexes (and the WAL
/// pages) of columns that did not. Observed with `AFTER UPDATE OF column` triggers, which fire
/// exactly when an UPDATE's SET names the column, whether or not its value differs.
@Suite("SQLite row layout")
struct SQLiteRowLayoutTests {
    /// A row of `t`, its fields as SQLite values (so that a change of type can be written).
    struct T {
        var a: SQLiteValue
        var b: SQLiteValue
        var c: SQLiteValue
        var k: String
    }

    static let layout = SQLiteRowLayout<T>(
        table: "t",
        columns: [.field("a", \.a) { $0 }, .field("b", \.b) { $0 }, .field("c", \.c) { $0 }],
        key: .field("k", \.k) { .text($0) })

    /// A table `t(a, b, c, k)` logging into `w` every UPDATE that names a column.
    static func scratch() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE t (a, b, c, k TEXT PRIMARY KEY NOT NULL);
                CREATE TABLE w (col TEXT NOT NULL);
                CREATE TRIGGER wa AFTER UPDATE OF a ON t BEGIN INSERT INTO w VALUES ('a'); END;
                CREATE TRIGGER wb AFTER UPDATE OF b ON t BEGIN INSERT INTO w VALUES ('b'); END;
                CREATE TRIGGER wc AFTER UPDATE OF c ON t BEGIN INSERT INTO w VALUES ('c'); END;
                """)
            try layout.insert(db, values(1, "x", nil, "K1"))
            try layout.insert(db, values(1, "x", nil, "K2"))
        }
        return queue
    }

    static func values(_ a: Any?, _ b: Any?, _ c: Any?, _ k: String) -> T {
        func value(_ field: Any?) -> SQLiteValue {
            switch field {
            case let number as Int: .integer(Int64(number))
            case let text as String: .text(text)
            default: .null
            }
        }
        return T(a: value(a), b: value(b), c: value(c), k: k)
    }

    @Test("the INSERT names the columns, then the key, in the order of the values")
    func insertSQL() {
        #expect(Self.layout.insertSQL == "INSERT INTO t (a, b, c, k) VALUES (?, ?, ?, ?)")
    }

    @Test("an update sets the changed columns of the keyed row only, including a change to or from NULL")
    func changedColumnsOnly() throws {
        let queue = try Self.scratch()
        try queue.write { db in
            try Self.layout.update(db, from: Self.values(1, "x", nil, "K1"), to: Self.values(1, "y", 7, "K1"))
            #expect(try String.fetchAll(db, sql: "SELECT col FROM w ORDER BY col") == ["b", "c"])
            #expect(try Row.fetchOne(db, sql: "SELECT a, b, c FROM t WHERE k = 'K1'") == ["a": 1, "b": "y", "c": 7])
            #expect(try Row.fetchOne(db, sql: "SELECT a, b, c FROM t WHERE k = 'K2'") == ["a": 1, "b": "x", "c": nil])

            try db.execute(sql: "DELETE FROM w")
            try Self.layout.update(db, from: Self.values(1, "y", 7, "K1"), to: Self.values(1, "y", nil, "K1"))
            #expect(try String.fetchAll(db, sql: "SELECT col FROM w") == ["c"])
            #expect(try Row.fetchOne(db, sql: "SELECT c FROM t WHERE k = 'K1'") == ["c": nil])
        }
    }

    @Test("a NULL through the statement an earlier update cached goes to the row named now")
    func cachedStatementWithNull() throws {
        let queue = try Self.scratch()
        try queue.write { db in
            // Three updates of column c alone: one statement, cached after the first.
            try Self.layout.update(db, from: Self.values(1, "x", nil, "K2"), to: Self.values(1, "x", 5, "K2"))
            try Self.layout.update(db, from: Self.values(1, "x", nil, "K1"), to: Self.values(1, "x", 7, "K1"))
            try Self.layout.update(db, from: Self.values(1, "x", 5, "K2"), to: Self.values(1, "x", nil, "K2"))
            #expect(try Row.fetchAll(db, sql: "SELECT k, c FROM t ORDER BY k") == [["k": "K1", "c": 7], ["k": "K2", "c": nil]])
        }
    }

    @Test("an update where nothing changed runs no statement")
    func nothingChanged() throws {
        let queue = try Self.scratch()
        try queue.write { db in
            let before = db.totalChangesCount
            try Self.layout.update(db, from: Self.values(1, "x", nil, "K1"), to: Self.values(1, "x", nil, "K1"))
            #expect(db.totalChangesCount == before)
        }
    }

    @Test("a value of another type is a change (1 and '1' are different SQLite values)")
    func typeChange() throws {
        let queue = try Self.scratch()
        try queue.write { db in
            try Self.layout.update(db, from: Self.values(1, "x", nil, "K1"), to: Self.values("1", "x", nil, "K1"))
            #expect(try String.fetchAll(db, sql: "SELECT col FROM w") == ["a"])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(a) FROM t WHERE k = 'K1'") == "text")
        }
    }

    @Test("a session update through the store leaves its expiry (and sessions_by_expiry) alone, and an edited expiry is written")
    func storeSessionUpdate() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let observer = try DatabaseQueue(path: path)
            try await observer.write { db in
                try db.execute(sql: """
                    CREATE TABLE w (col TEXT NOT NULL);
                    CREATE TRIGGER w_session_expiry AFTER UPDATE OF expires_at ON sessions BEGIN INSERT INTO w VALUES ('sessions.expires_at'); END;
                    CREATE TRIGGER w_session_state AFTER UPDATE OF state ON sessions BEGIN INSERT INTO w VALUES ('sessions.state'); END;
                    CREATE TRIGGER w_order_iccid AFTER UPDATE OF iccid ON orders BEGIN INSERT INTO w VALUES ('orders.iccid'); END;
                    CREATE TRIGGER w_order_attempts AFTER UPDATE OF confirmation_code_attempts_left ON orders BEGIN INSERT INTO w VALUES ('orders.attempts'); END;
                    """)
            }
            func written() async throws -> [String] {
                try await observer.read { db in try String.fetchAll(db, sql: "SELECT col FROM w ORDER BY col") }
            }

            try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.t0) { session, order in
                session.state = .bound
                order?.confirmationCodeAttemptsLeft -= 1
            }
            #expect(try await written() == ["orders.attempts", "sessions.state"])
            #expect(try await store.session(transactionId: session.transactionId)?.state == .bound)
            #expect(try await store.order(matchingId: order.matchingId)?.confirmationCodeAttemptsLeft == order.confirmationCodeAttemptsLeft - 1)

            let later = session.expiresAt.addingTimeInterval(60)
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.t0) { session, _ in
                session.expiresAt = later
            }
            #expect(try await written() == ["orders.attempts", "sessions.expires_at", "sessions.state"])
            #expect(try await store.session(transactionId: session.transactionId)?.expiresAt == later)
            try observer.close()
            try store.close()
        }
    }
}
