import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+.CancelOrder (SGP.22 §5.3.3)")
struct CancelOrderTests {
    @Test("final status Available: the order is cancelled and the profile can be ordered again", arguments: StoreKind.available)
    func cancelAvailable(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let (iccid, eid) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.activeOrder(iccid).matchingId
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, eid: eid, finalProfileStatusIndicator: .available))
        #expect(try await env.store.activeOrder(iccid: iccid) == nil)
        let cancelled = try #require(try await env.store.order(matchingId: matchingId))
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.reason?.contains("OPERATOR-A") == true)
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD")) == iccid)
        #expect(try await env.activeOrder(iccid).state == .allocated)
    }

    @Test("final status Unavailable: the profile is withdrawn and cannot be ordered again", arguments: StoreKind.available)
    func cancelUnavailable(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .unavailable))
        #expect(try await env.activeOrder(iccid).state == .unavailable)
        await expectStatus(.iccidAlreadyInUse) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: iccid)) }
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))  // the other GOLD profile
        await expectStatus(.profileTypeUnavailable) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD")) }
        // An unavailable profile's order is over: it cannot be cancelled again.
        await expectStatus(.profileStateRefused) {
            try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available))
        }
    }

    @Test("an EID or matchingId that is not the order's is refused (8.1.1/3.10, 8.2.6/3.10); nothing changes")
    func associations() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        await expectStatus(.eidInvalidAssociation) {
            try await env.cancelOrder(CancelOrderRequest(
                iccid: iccid, eid: try ES2PlusTestEnvironment.otherEID(), finalProfileStatusIndicator: .available))
        }
        await expectStatus(.matchingIDInvalidAssociation) {
            try await env.cancelOrder(CancelOrderRequest(iccid: iccid, matchingId: "NOT-IT", finalProfileStatusIndicator: .available))
        }
        #expect(try await env.activeOrder(iccid).state == .linked)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, matchingId: "GOLD-7", releaseFlag: true)).matchingId
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, matchingId: matchingId, finalProfileStatusIndicator: .available))
    }

    @Test("a released order's SM-DS event is withdrawn when it is cancelled")
    func withdrawsEvent() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let confirmed = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        #expect(await env.smds.liveEvents == [confirmed.matchingId])
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available))
        #expect(await env.smds.deleted == [confirmed.matchingId])
        #expect(await env.smds.liveEvents.isEmpty)
    }

    @Test("an SM-DS that is down does not stop the cancellation")
    func smdsDownAtCancel() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        await env.smds.set(.unreachable)
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available))
        #expect(try await env.store.activeOrder(iccid: iccid) == nil)
    }

    @Test("an order already downloaded, or a profile without order, cannot be cancelled: 8.2.1/3.8")
    func stateRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        try await env.store.updateOrder(iccid: iccid, now: env.clock.now) { $0.state = .downloaded }
        let code = await expectStatus(.profileStateRefused) {
            try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available))
        }
        #expect(code?.message?.contains("downloaded") == true)
        let silver = try #require(try await env.store.inventory().first { $0.profile.profileType == "SILVER" })
        await expectStatus(.profileStateRefused) {
            try await env.cancelOrder(CancelOrderRequest(iccid: silver.profile.iccid, finalProfileStatusIndicator: .available))
        }
    }

    @Test("another operator cannot cancel: B (not its profile), C (not its order)")
    func otherOperators() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        await expectStatus(.iccidNotAllowed) {
            try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available), by: env.operatorB)
        }
        await expectStatus(.iccidNotAllowed) {
            try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available), by: env.operatorC)
        }
        #expect(try await env.activeOrder(iccid).state == .linked)
    }

    @Test("a cancelled order cannot be downloaded: the device's matchingId is refused (8.2.6/3.8)")
    func cancelledNotDownloadable() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, matchingId: "GOLD-CANCELLED", releaseFlag: true))
        try await env.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available))
        var euicc = try env.euicc()
        await expectStatus(.matchingIDRefused) { _ = try await env.authenticate(&euicc, matchingId: "GOLD-CANCELLED") }
        // Nor through the default SM-DP+ address.
        var again = try env.euicc()
        await expectStatus(.noEligibleProfile) { _ = try await env.authenticate(&again, matchingId: nil) }
    }
}
