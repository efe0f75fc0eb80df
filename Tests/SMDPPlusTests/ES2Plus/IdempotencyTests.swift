import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+ idempotency: one functionCallIdentifier, one action (SGP.22 §6.5.1.3)")
struct IdempotencyTests {
    @Test("a repeated DownloadOrder returns the same ICCID and reserves no second profile", arguments: StoreKind.available)
    func repeatedDownloadOrder(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let gold = try await env.importProfiles()
        let request = DownloadOrderRequest(profileType: "GOLD")
        let first = try await env.downloadOrder(request, fci: "FCI-1")
        let second = try await env.downloadOrder(request, fci: "FCI-1")
        #expect(first == gold[0].iccid)
        #expect(second == first)
        #expect(try await env.store.activeOrder(iccid: gold[1].iccid) == nil)
        // A new identifier is a new order.
        #expect(try await env.downloadOrder(request, fci: "FCI-2") == gold[1].iccid)
    }

    @Test("the same identifier with another request is refused: 1.1/3.3, and nothing is done")
    func reusedWithAnotherRequest() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "FCI-1")
        await expectStatus(.functionCallIdentifierReused) {
            _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid), fci: "FCI-1")
        }
        #expect(try await env.store.activeOrder(iccid: gold[1].iccid) == nil)
    }

    @Test("a repeated ConfirmOrder returns the same answer although the order has moved on")
    func repeatedConfirmOrder() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, eid) = try await ConfirmOrderTests.ordered(env)
        let request = ConfirmOrderRequest(iccid: iccid, confirmationCode: "99", smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true)
        let first = try await env.confirmOrder(request, fci: "C-1")
        let again = try await env.confirmOrder(request, fci: "C-1")
        #expect(again == first)
        #expect(again.eid == eid)
        #expect(await env.smds.registered.count == 1)
        // Acting again (a new identifier) is refused: the order is no longer reserved.
        await expectStatus(.profileStateRefused) { _ = try await env.confirmOrder(request, fci: "C-2") }
    }

    @Test("identifiers are scoped per function: pySim's client uses one for ConfirmOrder and CancelOrder")
    func scopedPerFunction() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, eid) = try await ConfirmOrderTests.ordered(env)
        let confirmed = try await env.confirmOrder(
            ConfirmOrderRequest(iccid: iccid, eid: eid, matchingId: "GOLD-SHARED", confirmationCode: "1234", releaseFlag: true),
            fci: "FCI-1795304614-1")
        try await env.cancelOrder(
            CancelOrderRequest(iccid: iccid, eid: eid, matchingId: confirmed.matchingId, finalProfileStatusIndicator: .available),
            fci: "FCI-1795304614-1")
        #expect(try await env.store.order(matchingId: "GOLD-SHARED")?.state == .cancelled)
    }

    @Test("identifiers are scoped per operator: B's FCI-1 is not A's FCI-1")
    func scopedPerOperator() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        let a = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "FCI-1")
        let b = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: env.operatorB, fci: "FCI-1")
        #expect(a != b)
        #expect(try await env.activeOrder(b).operatorName == "OPERATOR-B")
    }

    @Test("a refusal is recorded: the same call gets the same code even once the condition has changed")
    func refusalRecorded() async throws {
        let env = try await ES2PlusTestEnvironment()
        await expectStatus(.unknownProfileType) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "F") }
        let gold = try await env.importProfiles()
        await expectStatus(.unknownProfileType) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "F") }
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "G") == gold[0].iccid)
    }

    @Test("an execution error (1.2/4.2) is not recorded: the retry with the same identifier acts")
    func executionErrorNotRecorded() async throws {
        let store = FlakyStore()
        let env = try await ES2PlusTestEnvironment(store: store)
        let gold = try await env.importProfiles()
        store.failing = true
        await expectStatus(.executionError) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "F") }
        await expectStatus(.executionError) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid), fci: "X") }
        store.failing = false
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "F") == gold[0].iccid)
        #expect(try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid), fci: "X") == gold[1].iccid)
    }

    @Test("a success is recorded by the order's own write: with separate records failing, a retry still acts no more")
    func successRecordedWithItsEffect() async throws {
        let store = FlakyStore()
        let env = try await ES2PlusTestEnvironment(store: store)
        let gold = try await env.importProfiles()
        store.failingRecords = true
        let request = DownloadOrderRequest(profileType: "GOLD")
        #expect(try await env.downloadOrder(request, fci: "F") == gold[0].iccid)
        #expect(try await env.downloadOrder(request, fci: "F") == gold[0].iccid)
        #expect(try await env.store.activeOrder(iccid: gold[1].iccid) == nil)
        let confirm = ConfirmOrderRequest(iccid: gold[0].iccid, matchingId: "GOLD-F", confirmationCode: "1", releaseFlag: false)
        let confirmed = try await env.confirmOrder(confirm, fci: "C")
        #expect(try await env.confirmOrder(confirm, fci: "C") == confirmed)
    }

    @Test("two first calls with one identifier: the one that looked too early is rolled back and answers as the first")
    func racedFirstCalls() async throws {
        let store = FlakyStore()
        let env = try await ES2PlusTestEnvironment(store: store)
        let gold = try await env.importProfiles()
        let request = DownloadOrderRequest(profileType: "GOLD")
        #expect(try await env.downloadOrder(request, fci: "F") == gold[0].iccid)
        // The second call's look-up misses the first one's record: it acts, and its write is refused.
        store.hideRecordedCalls(lookups: 1)
        #expect(try await env.downloadOrder(request, fci: "F") == gold[0].iccid)
        #expect(try await env.store.activeOrder(iccid: gold[1].iccid) == nil)
        #expect(try await env.downloadOrder(request, fci: "G") == gold[1].iccid)
    }

    @Test("an authentication failure records nothing under the claimed operator's name")
    func unauthenticatedNotRecorded() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let forged = ES2PlusCaller(
            functionRequesterIdentifier: "OPERATOR-A", functionCallIdentifier: "F", certificateFingerprint: env.operatorB.fingerprint)
        await expectStatus(.requesterNotAllowed) { _ = try await env.smdp.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), caller: forged) }
        #expect(try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), fci: "F") == gold[0].iccid)
    }

    @Test("an empty functionCallIdentifier is refused: mandatory element missing")
    func emptyIdentifier() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        await expectStatus(.mandatoryElementMissing) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), fci: "") }
    }
}
