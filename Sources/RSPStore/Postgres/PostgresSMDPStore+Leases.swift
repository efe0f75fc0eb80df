import Foundation
import PostgresNIO
import RSPCore

/// Leases: work one node does for all (delivering the callback outbox), held by one holder at a
/// time and lapsing at its expiry when the holder dies.
extension PostgresSMDPStore {
    /// One conditional upsert: the row is inserted when the lease is new, and overwritten only
    /// when it is `holder`'s or expired at `now`; it comes back (RETURNING) only when written.
    /// PostgreSQL locks the conflicting row and re-checks the condition on its latest version, so
    /// of two nodes racing for a lapsed lease exactly one gets it.
    public func acquireLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        try await database.statement("lease \(name)") { transaction in
            try await transaction.exists("""
                INSERT INTO leases (name, holder, expires_at) VALUES (\(name), \(holder), \(PostgresColumn.date(until)))
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= \(PostgresColumn.date(now))
                RETURNING holder
                """)
        }
    }
}
