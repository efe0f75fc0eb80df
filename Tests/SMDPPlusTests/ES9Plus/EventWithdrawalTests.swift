import Foundation
import RSPCore
import RSPTestSupport
import SMDPPlus
import Testing

/// GetBoundProfilePackage withdraws an order's SM-DS event (ES12 DeleteEvent) only when one may exist:
/// an event names the order's EID, so an order without one never had an event to withdraw.
@Suite("ES12 DeleteEvent on binding: only for orders that may have an event")
struct EventWithdrawalTests {
    @Test("a local order without an EID is downloaded without any call to the SM-DS")
    func noEventNoCall() async throws {
        let smds = FakeSMDS()
        let env = try SMDPTestEnvironment(eventRegistry: smds)
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId)
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
        #expect(await smds.deleteCalls == 0)
        #expect(await smds.registered.isEmpty)
    }

    @Test("a local order announced on the configured SM-DS has its event withdrawn once bound")
    func announcedLocalOrder() async throws {
        let smds = FakeSMDS()
        let env = try SMDPTestEnvironment(eventRegistry: smds)
        var euicc = try env.euicc()
        let order = try await env.order(eid: euicc.eid)
        try await env.smdp.registerEvent(for: order)
        #expect(await smds.liveEvents == [order.matchingId])
        _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId)
        #expect(await smds.deleted == [order.matchingId])
        #expect(await smds.deleteCalls == 1)
    }
}
