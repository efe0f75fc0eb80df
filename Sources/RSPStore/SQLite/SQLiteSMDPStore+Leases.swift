import Foundation
import GRDB
import RSPCore

/// Leases (work one server does for all) and the readiness check.
extension SQLiteSMDPStore {
    /// One conditional upsert in one write transaction: the row is inserted when the lease is
    /// new, and overwritten only when it is `holder`'s or expired at `now`; a refused upsert
    /// changes no row.
    public func acquireLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        try await database.write("lease \(name)") { db in
            try db.execute(sql: """
                INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
                """, arguments: [name, holder, SQLiteColumn.date(until), SQLiteColumn.date(now)])
            return db.changesCount > 0
        }
    }

    /// `SELECT 1` on the file: fails with `.storage` once the store is closed or the file unreadable.
    public func checkHealth() async throws {
        try await database.read("health check") { db in
            _ = try Int.fetchOne(db, sql: "SELECT 1")
        }
    }
}
