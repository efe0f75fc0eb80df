import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// The read-only connections a file store answers its session snapshots with: every read sees
/// every write committed before it, reads may overlap, nothing can be written through them, and
/// a closed store refuses to read instead of crashing.
@Suite("SQLite read-only connections for one-statement reads")
struct SQLiteReadConnectionsTests {
    @Test("each snapshot sees the write committed just before it, however many reads came first")
    func readsFollowWrites() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let (session, _) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            for attempts in stride(from: 4, through: 0, by: -1) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(10)) {
                    _, order in order?.confirmationCodeAttemptsLeft = attempts
                }
                let snapshot = try #require(
                    try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: nil, withPackage: false))
                #expect(snapshot.order?.confirmationCodeAttemptsLeft == attempts)
            }
            try store.close()
        }
    }

    @Test("overlapping reads each get a connection and the same answer; no more than a few stay open idle")
    func overlappingReads() async throws {
        try await Self.withReaders { store, session, order, readers in
            let matchingIds = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<(4 * SQLiteReadConnections.keptIdle) {
                    group.addTask {
                        try readers.fetchOne(sql: SQLiteSMDPStore.snapshotSQL, values: [.text(session.transactionId.hex), .null]) {
                            try $0.optionalString("o_matching_id")
                        } ?? nil
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(matchingIds == Array(repeating: order.matchingId, count: 4 * SQLiteReadConnections.keptIdle))
            #expect(readers.idleCount <= SQLiteReadConnections.keptIdle)
        }
    }

    @Test("the connections cannot write, and a statement SQLite refuses is an error")
    func readOnly() async throws {
        try await Self.withReaders { store, session, _, readers in
            #expect(throws: DatabaseError.self) {
                _ = try readers.fetchOne(sql: "DELETE FROM sessions WHERE transaction_id = ?1", values: [.text(session.transactionId.hex)]) { _ in 0 }
            }
            #expect(throws: DatabaseError.self) {
                _ = try readers.fetchOne(sql: "SELEC 1", values: []) { _ in 0 }
            }
            let stored = try await store.session(transactionId: session.transactionId)
            #expect(stored == session)
        }
    }

    @Test("they read as every connection of the store does: WAL, no memory mapping")
    func settings() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let mmap = try store.database.readOne("settings", sql: "PRAGMA mmap_size", values: []) { try $0.int64("mmap_size") }
            let journal = try store.database.readOne("settings", sql: "PRAGMA journal_mode", values: []) { try $0.string("journal_mode") }
            #expect(mmap == Int64(SQLiteDatabase.mmapSize))
            #expect(journal == "wal")
            try store.close()
        }
    }

    @Test("a closed store refuses a snapshot with a storage error")
    func closed() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let (session, _) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            try store.close()
            await #expect {
                _ = try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: nil, withPackage: false)
            } throws: { error in
                if case StoreError.storage = error { return true }
                return false
            }
        }
    }

    /// A file store holding a session with its order, and read connections of the test's own to its file.
    static func withReaders(
        _ body: (SQLiteSMDPStore, SessionRecord, OrderRecord, SQLiteReadConnections) async throws -> Void
    ) async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let readers = SQLiteReadConnections(path: path, busyTimeout: 1)
            try await body(store, session, order, readers)
            readers.close()
            try store.close()
        }
    }
}
