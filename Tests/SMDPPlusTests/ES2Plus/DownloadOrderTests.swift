import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+.DownloadOrder (SGP.22 §5.3.1)")
struct DownloadOrderTests {
    @Test("by profile type with an EID: the operator's first available profile is linked to the EID, with a hidden matchingId",
          arguments: StoreKind.available)
    func byTypeWithEID(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind, orderLifetime: 3600)
        let gold = try await env.importProfiles()
        let eid = try env.euicc().eid
        let iccid = try await env.downloadOrder(DownloadOrderRequest(eid: eid, profileType: "GOLD"))
        #expect(iccid == gold[0].iccid)  // B's GOLD profile has a lower ICCID but is not A's
        let order = try await env.activeOrder(iccid)
        #expect(order.state == .linked)
        #expect(order.eid == eid)
        #expect(order.operatorName == "OPERATOR-A")
        #expect(order.confirmationCodeHash == nil)
        #expect(order.confirmationCodeAttemptsLeft == 3)
        #expect(order.expiresAt == env.clock.now.addingTimeInterval(3600))
        #expect(try MatchingID(order.matchingId).value.count == 23)
        // The next order of the type gets the next profile.
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD")) == gold[1].iccid)
        #expect(try await env.activeOrder(gold[1].iccid).state == .allocated)
    }

    @Test("by ICCID without an EID: the profile is allocated; without a lifetime the order does not expire")
    func byICCID() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        #expect(try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid)) == gold[1].iccid)
        let order = try await env.activeOrder(gold[1].iccid)
        #expect(order.state == .allocated)
        #expect(order.eid == nil)
        #expect(order.expiresAt == nil)
        // ICCID and the profile's own type together are fine too.
        #expect(try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid, profileType: "GOLD")) == gold[0].iccid)
    }

    @Test("by ICCID: unknown (8.2.1/3.9), another operator's (8.2.1/1.2), already ordered (8.2.1/3.3)")
    func byICCIDRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        await expectStatus(.unknownICCID) {
            _ = try await env.downloadOrder(DownloadOrderRequest(iccid: try ICCID(digits: "8949449999999990999", checkLuhn: false)))
        }
        await expectStatus(.iccidNotAllowed) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), by: env.operatorB) }
        _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid))
        await expectStatus(.iccidAlreadyInUse) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid)) }
        // Another account of the same owner cannot take it either.
        await expectStatus(.iccidAlreadyInUse) {
            _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), by: env.operatorC)
        }
    }

    @Test("by ICCID with a profileType that is not the profile's: unknown profile type (8.2.5/3.9), nothing reserved")
    func iccidTypeMismatch() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let code = await expectStatus(.unknownProfileType) {
            _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid, profileType: "SILVER"))
        }
        #expect(code?.message?.contains("SILVER") == true)
        #expect(try await env.store.activeOrder(iccid: gold[0].iccid) == nil)
    }

    @Test("by type: a type the operator may not order (8.2.5/1.2), none left (8.2.5/3.7), unknown type (8.2.5/3.9)",
          arguments: StoreKind.available)
    func byTypeRefusals(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        try await env.importProfiles()
        let limited = try await ES2PlusTestEnvironment.register(
            env.smdp, pki: env.pki, name: "LIMITED", poIds: ["001-01"], profileTypes: ["SILVER"], callbackURL: nil)
        await expectStatus(.profileTypeNotAllowed) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: limited) }
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "SILVER"), by: limited)
        await expectStatus(.profileTypeUnavailable) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "SILVER")) }
        await expectStatus(.unknownProfileType) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "PLATINUM")) }
        // A's two GOLD profiles, then none: B's GOLD profile is not offered to A.
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        await expectStatus(.profileTypeUnavailable) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD")) }
        // B still gets its own.
        let bGold = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: env.operatorB)
        #expect(try await env.activeOrder(bGold).operatorName == "OPERATOR-B")
    }

    @Test("by type for an operator with two PO IDs: the lowest ICCID of the type that either owns, then the next",
          arguments: StoreKind.available)
    func byTypeOverTwoPOIDs(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let gold = try await env.importProfiles()
        let both = try await ES2PlusTestEnvironment.register(
            env.smdp, pki: env.pki, name: "BOTH", poIds: ["002-02", "001-01"], callbackURL: nil)
        let foreign = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: both)
        #expect(try await env.activeOrder(foreign).operatorName == "BOTH")
        #expect(!gold.map(\.iccid).contains(foreign))  // B's GOLD profile sorts first
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: both) == gold[0].iccid)
        #expect(try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: both) == gold[1].iccid)
        await expectStatus(.profileTypeUnavailable) {
            _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: both)
        }
    }

    @Test("a limited operator cannot order by ICCID a profile of a type it may not order: ICCID not allowed")
    func limitedByICCID() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let limited = try await ES2PlusTestEnvironment.register(
            env.smdp, pki: env.pki, name: "LIMITED", poIds: ["001-01"], profileTypes: ["SILVER"], callbackURL: nil)
        await expectStatus(.iccidNotAllowed) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), by: limited) }
    }

    @Test("neither ICCID nor profileType: mandatory element missing")
    func neither() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        await expectStatus(.mandatoryElementMissing) { _ = try await env.downloadOrder(DownloadOrderRequest(eid: try env.euicc().eid)) }
    }

    @Test("a profile without a known owner cannot be ordered over ES2+")
    func ownerless() async throws {
        let env = try await ES2PlusTestEnvironment()
        let profile = try await env.importProfile(ES2PlusTestEnvironment.silverFile, type: "BRONZE", owner: nil)
        await expectStatus(.iccidNotAllowed) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: profile.iccid)) }
        await expectStatus(.profileTypeUnavailable) { _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "BRONZE")) }
    }
}
