import Foundation
import Logging
import Testing

@testable import OpenRSPCLI
@testable import RSPStore

/// `openrsp bench --inventory`: every size is filled and every operation timed, without an error.
/// Its figures are printed by the command, never asserted (a debug build on a shared CI machine
/// says nothing about speed).
@Suite("openrsp bench --inventory: ordering and order reads at several inventory sizes")
struct InventoryScaleTests {
    @Test("two sizes: each filled with its profiles, each operation timed as often as asked")
    func twoSizes() async throws {
        let report = try await InventoryScale(
            sizes: [30, 120], operations: 20, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"), batch: 50
        ).run()
        #expect(report.sizes.map(\.profiles) == [30, 120])
        #expect(report.operationsPerSize == 20)
        for size in report.sizes {
            // Another operator's inventory of the same type came first; every order took the operator's own.
            #expect(size.neighbourProfiles == size.profiles)
            #expect(size.storeBytes > 0)
            #expect(size.importRowsPerSecond > 0)
            #expect(size.operations.map(\.name) == ["downloadOrder", "confirmOrder", "orderByMatchingId", "orderByEID"])
            for operation in size.operations {
                #expect(operation.count == 20, "\(operation.name)")
                #expect(Set(operation.microseconds.keys) == ["p50", "p90", "p99", "max"], "\(operation.name)")
                #expect((operation.microseconds["p50"] ?? 0) > 0, "\(operation.name)")
            }
        }
    }

    @Test("on PostgreSQL each size is filled in a database of its own, dropped afterwards",
          .enabled(if: ScaleOut.Postgres.isConfigured))
    func postgres() async throws {
        let server = try PostgresURL(parsing: try #require(ScaleOut.Postgres.serverURL))
        let report = try await InventoryScale(
            sizes: [20, 40], operations: 10, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"), store: .postgres(server),
            batch: 15
        ).run()
        #expect(report.store == server.description)
        #expect(report.sizes.map(\.profiles) == [20, 40])
        for size in report.sizes {
            #expect(size.storeBytes > 0)
            #expect(size.operations.map(\.count) == [10, 10, 10, 10])
        }
        let logger = Logger(label: "openrsp.test.inventory") { _ in SwiftLogNoOpLogHandler() }
        let admin = try await PostgresDatabase.connect(url: server, logger: logger, maximumConnections: 1)
        let left = try await admin.statement("scratch databases") { transaction in
            try await transaction.rows("SELECT datname FROM pg_database WHERE datname LIKE 'openrsp_inventory_%'")
        }
        await admin.close()
        #expect(left.isEmpty)
    }

    @Test("an inventory smaller than the operations asked orders it whole: every profile once, none twice")
    func operationsBoundedByTheInventory() async throws {
        // 10 profiles, 25 orders asked: the 11th DownloadOrder would find none left (8.2.5/3.7).
        let report = try await InventoryScale(
            sizes: [10], operations: 25, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        ).run()
        let size = try #require(report.sizes.first)
        #expect(size.profiles == 10)
        #expect(size.operations.map(\.count) == [10, 10, 10, 10])
    }

    @Test("the sizes are positive numbers separated by commas; --inventory runs alone, on SQLite or PostgreSQL",
          arguments: [
            (["--inventory", "1000,1_000_000"], true),
            (["--inventory", "0"], false),
            (["--inventory", "10,x"], false),
            (["--inventory", ""], false),
            (["--inventory", "10", "--downloads", "5"], false),
            (["--inventory", "10", "--store", "memory"], false),
            (["--inventory", "10", "--store", "sqlite"], true),
            (["--inventory", "10", "--store", "postgres://openrsp@127.0.0.1:5432/openrsp"], true),
            (["--inventory", "10", "--store", "mysql://openrsp@127.0.0.1/openrsp"], false),
            (["--inventory", "10", "--inventory-operations", "0"], false),
          ])
    func options(arguments: [String], valid: Bool) {
        let parsed = (try? BenchCommand.parse(arguments)) != nil
        #expect(parsed == valid, "\(arguments)")
    }
}
