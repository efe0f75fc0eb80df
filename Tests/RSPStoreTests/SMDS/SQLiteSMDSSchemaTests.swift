import Foundation
import RSPStore
import RSPTestSupport
import Testing

@Suite("SQLite SM-DS schema")
struct SQLiteSMDSSchemaTests {
    @Test("the purge of expired sessions and events deletes through the expiry indexes, not by a walk over the tables")
    func purgeUsesTheExpiryIndexes() async throws {
        try await TemporaryDirectory.with { directory in
            try SQLiteSMDSStore(dataDirectory: directory).close()
            let plans = try await SQLiteQueryPlans.of(directory.appendingPathComponent(SQLiteSMDSStore.defaultFileName), [
                ("DELETE FROM smds_sessions WHERE expires_at <= ?", [0.0]),
                ("DELETE FROM events WHERE expires_at <= ?", [0.0]),
            ])
            #expect(plans[0].contains("INDEX smds_sessions_by_expiry"), "\(plans[0])")
            #expect(plans[1].contains("INDEX events_by_expiry"), "\(plans[1])")
        }
    }
}
