import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// Migration v8: `profiles` keeps its package in its last column, so reading a profile's other
/// columns never walks the package's overflow pages; a file of the previous schema is upgraded
/// in place with its rows, availability, indexes and triggers.
@Suite("SQLite store: profiles table with the package last")
struct SQLiteProfilesLayoutTests {
    static let v7Name = "v7 notifications: one index by eid"

    static func columns(of path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('profiles') ORDER BY cid") }
    }

    static func available(_ iccid: ICCID, in path: String) throws -> Int? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT available FROM profiles WHERE iccid = ?", arguments: [SQLiteColumn.text(iccid)])
        }
    }

    @Test("a new file stores the package after every other column of a profile")
    func packageLast() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            try SQLiteSMDPStore(path: path).close()
            #expect(try Self.columns(of: path) == [
                "iccid", "profile_type", "service_provider_name", "profile_name", "profile_class", "owner",
                "imported_at", "template_id", "available", "upp",
            ])
        }
    }

    @Test("a v7 file is upgraded in place: profiles read back identical, availability and its triggers still work")
    func upgradeFromV7() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let ordered = try Fixtures.profile(try Fixtures.iccid(1), owner: try Fixtures.owner())
            let free = try Fixtures.profile(try Fixtures.iccid(2))
            let template = try SMDPStoreTemplateConformanceTests.template()
            let fromTemplate = ProfileRecord(
                iccid: try Fixtures.iccid(3), profileType: Fixtures.profileType, serviceProviderName: "OpenRSP Test Operator",
                profileName: "Bulk", profileClass: .operational, owner: nil, upp: template.upp, importedAt: Fixtures.date(1),
                templateID: template.id)
            let order = Fixtures.order("M-1", for: ordered.iccid)

            // A v7 file, as the previous release left it.
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: Self.v7Name)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO profile_templates (id, upp) VALUES (?, ?)",
                               arguments: [template.id, SQLiteColumn.blob(template.upp)])
                for profile in [ordered, free, fromTemplate] {
                    try db.execute(sql: ProfileRecord.insertSQL, arguments: try profile.insertArguments())
                }
                try OrderRecord.layout.insert(db, order)
            }
            try queue.close()
            #expect(try Self.columns(of: path).last == "available")

            let store = try SQLiteSMDPStore(path: path)
            for profile in [ordered, free, fromTemplate] {
                #expect(try await store.profile(iccid: profile.iccid) == profile)
            }
            #expect(try await store.order(matchingId: "M-1") == order)
            try store.close()
            #expect(try Self.columns(of: path).last == "upp")
            #expect(try Self.available(ordered.iccid, in: path) == 0)
            #expect(try Self.available(free.iccid, in: path) == 1)

            // The partial index of available profiles and the triggers on orders came back with the table.
            let reopened = try SQLiteSMDPStore(path: path)
            let next = try await reopened.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: SMDPStoreTemplateConformanceTests.always,
                make: SMDPStoreTemplateConformanceTests.makeOrder, recording: nil)
            #expect(next?.iccid == free.iccid)
            #expect(try Self.available(free.iccid, in: path) == 0)
            // orders still refer to profiles: an order for an unknown ICCID is refused.
            await #expect(throws: StoreError.self) {
                try await reopened.insertOrder(Fixtures.order("M-9", for: try Fixtures.iccid(9)))
            }
            try reopened.close()

            let fresh = directory.appendingPathComponent("fresh.sqlite").path
            try SQLiteSMDPStore(path: fresh).close()
            #expect(try SQLiteSMDPStoreES2Tests.schema(of: path) == (try SQLiteSMDPStoreES2Tests.schema(of: fresh)))
            #expect(try NegotiatedVersionStoreTests.appliedMigrations(path).count == SQLiteSchema.migrator.migrations.count)
        }
    }
}
