import Foundation
import PostgresNIO
import RSPCore
@testable import RSPStore
import Testing

/// DownloadOrder by profile type must cost the same with a million profiles as with a thousand,
/// however many are already ordered; on PostgreSQL that rests on the plan of its page query,
/// which the planner chooses from statistics that may be missing or stale.
@Suite("PostgreSQL allocation plan", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresAllocationPlanTests {
    static let profiles = 3_000

    /// The plan of the first allocation page, in the allocation's own settings.
    static func plan(_ store: PostgresSMDPStore) async throws -> String {
        try await store.database.write("plan") { transaction in
            try await transaction.execute(PostgresSMDPStore.allocationSettings)
            let page = PostgresSMDPStore.allocationPage(
                profileType: Fixtures.profileType, owner: Fixtures.defaultOwner.mccMnc.bytes, after: "",
                limit: AllocationPages.pageSize)
            return try await transaction.rows(PostgresQuery(unsafeSQL: "EXPLAIN " + page.sql, binds: page.binds))
                .map { try $0.required("QUERY PLAN", as: String.self) }.joined(separator: "\n")
        }
    }

    static func expectIndexScan(_ plan: String, _ when: String) {
        #expect(plan.contains("Index Scan using profiles_owner_allocation"), "\(when): \(plan)")
        #expect(!plan.contains("Sort"), "\(when): \(plan)")
    }

    @Test("the page is read from profiles_owner_allocation, in its order, with no statistics, fresh ones, or stale ones")
    func indexWhateverTheStatistics() async throws {
        try await PostgresTestDatabase.withStores { stores in
            let store = try #require(stores.smdp as? PostgresSMDPStore)
            let template = try SMDPStoreTemplateConformanceTests.template()
            try await store.insertTemplate(template)
            // Another operator's profiles of the same type come first in ICCID order.
            var neighbour = SMDPStoreTemplateConformanceTests.metadata
            neighbour.owner = try OperatorID(mcc: "002", mnc: "02")
            try await store.insertProfiles(
                fromTemplate: template.id, iccids: try (1...Self.profiles).map(Fixtures.iccid),
                metadata: neighbour, importedAt: Fixtures.date(1))
            try await store.insertProfiles(
                fromTemplate: template.id, iccids: try (Self.profiles + 1...2 * Self.profiles).map(Fixtures.iccid),
                metadata: SMDPStoreTemplateConformanceTests.metadata, importedAt: Fixtures.date(1))
            // Right after a bulk import the table has never been analysed: the planner used
            // to sort every available profile of the type for each page.
            Self.expectIndexScan(try await Self.plan(store), "never analysed")

            try await store.database.statement("analyze") { try await $0.execute("ANALYZE profiles") }
            Self.expectIndexScan(try await Self.plan(store), "analysed, every profile available")

            // Ordered profiles sit at the low end of the operator's ICCID range; statistics that
            // still say "all available" used to send the scan through them by primary key.
            try await store.database.statement("order the operator's first two thirds") { transaction in
                try await transaction.execute("""
                    UPDATE profiles SET available = false
                    WHERE iccid IN (SELECT iccid FROM profiles ORDER BY iccid OFFSET \(Self.profiles) LIMIT \(Self.profiles * 2 / 3))
                    """)
            }
            Self.expectIndexScan(try await Self.plan(store), "analysed before two thirds were ordered")
        }
    }
}
