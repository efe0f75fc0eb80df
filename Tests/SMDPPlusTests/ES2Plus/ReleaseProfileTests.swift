import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+.ReleaseProfile (SGP.22 §5.3.4)")
struct ReleaseProfileTests {
    @Test("a confirmed order is released and its event registered on the SM-DS ConfirmOrder named", arguments: StoreKind.available)
    func release(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let (iccid, eid) = try await ConfirmOrderTests.ordered(env)
        let confirmed = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: false))
        try await env.releaseProfile(iccid)
        #expect(try await env.activeOrder(iccid).state == .released)
        #expect(await env.smds.registered == [RegisterEventRequest(
            eid: eid, rspServerAddress: ES2PlusTestEnvironment.address, eventId: confirmed.matchingId)])
    }

    @Test("a reserved or already released order cannot be released: 8.2.1/3.8; nor a profile without order")
    func stateRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let linked = await expectStatus(.profileStateRefused) { try await env.releaseProfile(iccid) }
        #expect(linked?.message?.contains("linked") == true)
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true))
        await expectStatus(.profileStateRefused) { try await env.releaseProfile(iccid) }
        let silver = try #require(try await env.store.inventory().first { $0.profile.profileType == "SILVER" })
        await expectStatus(.profileStateRefused) { try await env.releaseProfile(silver.profile.iccid) }
    }

    @Test("another operator cannot release: B (not its profile) and C (not its order)")
    func otherOperators() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: false))
        await expectStatus(.iccidNotAllowed) { try await env.releaseProfile(iccid, by: env.operatorB) }
        await expectStatus(.iccidNotAllowed) { try await env.releaseProfile(iccid, by: env.operatorC) }
        #expect(try await env.activeOrder(iccid).state == .confirmed)
    }

    @Test("the SM-DS failing at release leaves the order confirmed (8.9/5.1, then 8.9/4.2); a later release works")
    func smdsFailure() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        _ = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: false))
        await env.smds.set(.unreachable)
        await expectStatus(.smdsInaccessible) { try await env.releaseProfile(iccid) }
        #expect(try await env.activeOrder(iccid).state == .confirmed)
        await env.smds.set(.refusing)
        await expectStatus(.smdsExecutionError) { try await env.releaseProfile(iccid) }
        #expect(try await env.activeOrder(iccid).state == .confirmed)
        await env.smds.set(.up)
        try await env.releaseProfile(iccid)
        #expect(try await env.activeOrder(iccid).state == .released)
    }

    @Test("a local order (placed by the CLI) can be released by an owner of its profile")
    func localOrder() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let created = env.clock.now
        try await env.store.insertOrder(OrderRecord(
            matchingId: "LOCAL-1", iccid: gold[0].iccid, eid: nil, confirmationCodeHash: nil, confirmationCodeAttemptsLeft: 3,
            state: .confirmed, createdAt: created, updatedAt: created))
        await expectStatus(.iccidNotAllowed) { try await env.releaseProfile(gold[0].iccid, by: env.operatorB) }
        try await env.releaseProfile(gold[0].iccid, by: env.operatorC)
        #expect(try await env.activeOrder(gold[0].iccid).state == .released)
    }
}
