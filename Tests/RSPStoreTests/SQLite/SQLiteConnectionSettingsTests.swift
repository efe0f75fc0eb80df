import Foundation
import GRDB
@testable import RSPStore
import Testing

/// The per-connection settings every connection of a file store gets: durable commits, WAL for
/// several processes, and reads without a memory mapping.
@Suite("SQLite connection settings")
struct SQLiteConnectionSettingsTests {
    @Test("every connection of a file store: synchronous FULL, WAL, no memory mapping (mmap_size 0), normal locking")
    func settings() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let read = try await store.database.read("settings") { db in
                (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                 try Int.fetchOne(db, sql: "PRAGMA mmap_size"), try String.fetchOne(db, sql: "PRAGMA locking_mode"))
            }
            let written = try await store.database.write("settings") { db in
                (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA mmap_size"))
            }
            // synchronous: 2 is FULL.
            #expect(read.0 == 2 && read.1 == "wal" && read.2 == SQLiteDatabase.mmapSize && read.3 == "normal")
            #expect(written.0 == 2 && written.1 == SQLiteDatabase.mmapSize)
            try store.close()
        }
    }
}
