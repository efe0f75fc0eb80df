import Foundation
import Testing

@testable import OpenRSPCLI

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

    @Test("the sizes are positive numbers separated by commas; --inventory runs alone",
          arguments: [
            (["--inventory", "1000,1_000_000"], true),
            (["--inventory", "0"], false),
            (["--inventory", "10,x"], false),
            (["--inventory", ""], false),
            (["--inventory", "10", "--downloads", "5"], false),
            (["--inventory", "10", "--store", "memory"], false),
            (["--inventory", "10", "--inventory-operations", "0"], false),
          ])
    func options(arguments: [String], valid: Bool) {
        let parsed = (try? BenchCommand.parse(arguments)) != nil
        #expect(parsed == valid, "\(arguments)")
    }
}
