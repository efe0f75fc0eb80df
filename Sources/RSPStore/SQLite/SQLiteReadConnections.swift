import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Read-only connections to a database file for the one-statement reads every ES9+ call makes
/// (`SQLiteDatabase.readOne`), taken from and given back to a free list under a mutex.
///
/// Why not `DatabasePool.read`: GRDB hands a reader out through a concurrent dispatch queue used
/// as a lock (two barrier syncs) and a semaphore, runs the block through the reader's serial
/// queue, and wraps it in `BEGIN DEFERRED` … `COMMIT`. A single SELECT needs none of that: SQLite
/// runs one statement on one snapshot of a WAL database by itself. Measured over 2000 in-process
/// downloads (`perf record --call-graph dwarf`), that wrapping was ~90 µs of the ~290 µs a
/// download spent in its three session snapshots.
///
/// A connection serves one thread at a time (it is checked out for the read), so it is opened
/// without SQLite's own mutex. Writes never come here: they stay on GRDB's writer.
final class SQLiteReadConnections: Sendable {
    private let path: String
    private let busyTimeout: TimeInterval
    private let state = Mutex(State())

    /// Idle connections kept for reuse; more can be open while reads overlap.
    static let keptIdle = 8

    private struct State {
        var idle: [Connection] = []
        var closed = false
    }

    init(path: String, busyTimeout: TimeInterval) {
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// `decode` applied to the first row `sql` answers with `values` bound to its parameters
    /// (`?1`, `?2`…), or nil when it answers none.
    func fetchOne<Value>(
        sql: String, values: [SQLiteValue], _ decode: (SQLiteStatementRow) throws -> Value
    ) throws -> Value? {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try connection.fetchOne(sql: sql, values: values, decode)
    }

    /// How many connections wait for a read (tests check the bound).
    var idleCount: Int { state.withLock { $0.idle.count } }

    /// Closes the idle connections now and the busy ones when they are given back; later reads fail.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }

    private func checkOut() throws -> Connection {
        let (closed, idle) = state.withLock { state in (state.closed, state.closed ? nil : state.idle.popLast()) }
        if closed { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database is closed") }
        return try idle ?? Connection(path: path, busyTimeout: busyTimeout)
    }

    private func checkIn(_ connection: Connection) {
        let kept = state.withLock { state in
            guard !state.closed, state.idle.count < Self.keptIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// One read-only connection and the statements it prepared, by SQL text.
    private final class Connection: @unchecked Sendable {
        private var handle: OpaquePointer?
        private var statements: [String: OpaquePointer] = [:]

        init(path: String, busyTimeout: TimeInterval) throws {
            var handle: OpaquePointer?
            let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
            self.handle = handle
            // A failed open still allocates a handle: the deinit of this half-made connection closes it.
            guard opened == SQLITE_OK, let handle else { throw SQLiteValue.error(opened, handle, sql: nil) }
            sqlite3_busy_timeout(handle, Int32(min(busyTimeout * 1000, Double(Int32.max))))
            // As every GRDB connection of the store (`SQLiteDatabase.mmapSize`).
            let mapped = sqlite3_exec(handle, "PRAGMA mmap_size = \(SQLiteDatabase.mmapSize)", nil, nil, nil)
            guard mapped == SQLITE_OK else { throw SQLiteValue.error(mapped, handle, sql: nil) }
        }

        deinit { close() }

        func close() {
            for statement in statements.values { sqlite3_finalize(statement) }
            statements = [:]
            if let handle { sqlite3_close_v2(handle) }
            handle = nil
        }

        func fetchOne<Value>(
            sql: String, values: [SQLiteValue], _ decode: (SQLiteStatementRow) throws -> Value
        ) throws -> Value? {
            guard let handle else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the connection is closed") }
            let statement = try prepared(sql, handle)
            defer { sqlite3_clear_bindings(statement) }
            return try SQLiteStatementRow.first(of: statement, on: handle, sql: sql, values: values, decode)
        }

        private func prepared(_ sql: String, _ handle: OpaquePointer) throws -> OpaquePointer {
            if let statement = statements[sql] { return statement }
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
            guard code == SQLITE_OK, let statement else { throw SQLiteValue.error(code, handle, sql: sql) }
            statements[sql] = statement
            return statement
        }
    }
}
