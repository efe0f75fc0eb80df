import Foundation
import GRDB
import RSPStore
import RSPTestSupport
import Testing

@Suite("SQLite SM-DS schema")
struct SQLiteSMDSSchemaTests {
    @Test("the purge of expired sessions and events deletes through the expiry indexes, not by a walk over the tables")
    func purgeUsesTheExpiryIndexes() async throws {
        try await TemporaryDirectory.with { directory in
            try SQLiteSMDSStore(dataDirectory: directory).close()
            let inspector = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteSMDSStore.defaultFileName).path)
            let plans = try await inspector.read { db in
                // EXPLAIN QUERY PLAN rows: id, parent, notused, detail.
                try ["smds_sessions", "events"].map { table in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN DELETE FROM \(table) WHERE expires_at <= ?", arguments: [0.0])
                        .map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
                }
            }
            try inspector.close()
            #expect(plans[0].contains("INDEX smds_sessions_by_expiry"), "\(plans[0])")
            #expect(plans[1].contains("INDEX events_by_expiry"), "\(plans[1])")
        }
    }
}
