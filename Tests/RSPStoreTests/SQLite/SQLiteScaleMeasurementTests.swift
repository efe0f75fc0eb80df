import Foundation
import RSPCore
import RSPStore
import Testing

/// Operator-scale timings on an existing data directory (one filled by `openrsp profiles
/// import-template`), printed, not asserted: set OPENRSP_SCALE_DATA to run it. It orders
/// profiles in that store, so point it at a throw-away copy.
@Suite("SQLiteSMDPStore at scale (opt-in measurement)")
struct SQLiteScaleMeasurementTests {
    static let data = ProcessInfo.processInfo.environment["OPENRSP_SCALE_DATA"]
    static let profileType = ProcessInfo.processInfo.environment["OPENRSP_SCALE_TYPE"] ?? "BULK"

    @Test("allocation by type, lookup and a page stay fast however many profiles are ordered",
          .enabled(if: data != nil))
    func allocationTimings() async throws {
        let store = try SQLiteSMDPStore(dataDirectory: URL(fileURLWithPath: try #require(Self.data)))
        let counts = try await store.profileCounts()
        let clock = ContinuousClock()
        let rounds = 200
        let now = Date()
        let allocation = try await clock.measure {
            for round in 0..<rounds {
                let order = try await store.insertOrder(forProfileType: Self.profileType, accept: { _ in true }) { profile in
                    OrderRecord(matchingId: "SCALE-\(UUID().uuidString)-\(round)", iccid: profile.iccid, eid: nil,
                                confirmationCodeHash: nil, confirmationCodeAttemptsLeft: 5, state: .allocated,
                                createdAt: now, updatedAt: now)
                }
                #expect(order != nil)
            }
        }
        let page = try await store.inventory(after: nil, limit: 10)
        let lookupICCID = try #require(page.last?.profile.iccid)
        let lookup = try await clock.measure {
            for _ in 0..<rounds { _ = try await store.profile(iccid: lookupICCID) }
        }
        let paging = try await clock.measure {
            for _ in 0..<rounds { _ = try await store.inventory(after: lookupICCID, limit: 10) }
        }
        print("scale: \(counts.values.reduce(0, +)) profiles; per call over \(rounds): allocation \(allocation / rounds), "
              + "profile(iccid:) \(lookup / rounds), inventory page of 10 \(paging / rounds)")
        try store.close()
    }
}
