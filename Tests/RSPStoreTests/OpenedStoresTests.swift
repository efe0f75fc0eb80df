import Foundation
import GRDB
import Logging
import RSPCore
@testable import RSPStore
import Testing

/// `StoreLocation.open` and `migrate` on the embedded SQLite files.
@Suite("StoreLocation: opening and migrating the SQLite stores")
struct OpenedStoresTests {
    static let logger = Logger(label: "openrsp.tests.stores", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("migrate applies both schemas once, then has nothing to do")
    func sqliteMigrate() async throws {
        try await TemporaryDirectory.with { directory in
            let location = StoreLocation.sqlite(dataDirectory: directory)
            let applied = try await location.migrate(logger: Self.logger)
            #expect(applied == SQLiteSchema.migrator.migrations + SQLiteSMDSSchema.migrator.migrations)
            #expect(applied.contains("v4 leases"))
            #expect(try await location.migrate(logger: Self.logger).isEmpty)
        }
    }

    @Test("open gives both stores on the data directory's files; closing twice is harmless")
    func sqliteOpen() async throws {
        try await TemporaryDirectory.with { directory in
            let stores = try await StoreLocation.sqlite(dataDirectory: directory).open(logger: Self.logger)
            #expect(stores.smdp is SQLiteSMDPStore && stores.smds is SQLiteSMDSStore)
            try await stores.smdp.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            try await stores.smdp.checkHealth()
            await stores.close()
            await stores.close()
            let error = await #expect(throws: StoreError.self) { try await stores.smdp.checkHealth() }
            #expect(error?.isStorage == true)
            for file in [SQLiteSMDPStore.defaultFileName, SQLiteSMDSStore.defaultFileName] {
                #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path))
            }
            // The data stays: reopened, the profile is there and no migration is pending.
            #expect(try await StoreLocation.sqlite(dataDirectory: directory).migrate(logger: Self.logger).isEmpty)
            let reopened = try await StoreLocation.sqlite(dataDirectory: directory).open(logger: Self.logger)
            #expect(try await reopened.smdp.profile(iccid: try Fixtures.iccid(1)) != nil)
            await reopened.close()
        }
    }

    @Test("a file at schema v3 is upgraded with the leases table and keeps its rows")
    func sqliteUpgradeToLeases() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v3 sessions: negotiated SGP.22 version and features")
            try queue.close()
            let applied = try await StoreLocation.sqlite(dataDirectory: directory).migrate(logger: Self.logger)
            // v4 and every migration after it (later ones, such as indexes, follow it).
            let fromV4 = SQLiteSchema.migrator.migrations.drop { $0 != "v4 leases" }
            #expect(applied == Array(fromV4) + SQLiteSMDSSchema.migrator.migrations)
            let store = try SQLiteSMDPStore(path: path)
            #expect(try await store.acquireLease("outbox", holder: "a", now: Fixtures.t0, until: Fixtures.date(30)))
            try store.close()
        }
    }
}
