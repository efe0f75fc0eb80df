import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+.ConfirmOrder (SGP.22 §5.3.2)")
struct ConfirmOrderTests {
    /// A's first GOLD profile, ordered by A (linked to the test eUICC's EID unless `eid` is false).
    static func ordered(_ env: ES2PlusTestEnvironment, eid: Bool = true) async throws -> (ICCID, EID) {
        try await env.importProfiles()
        let eidValue = try env.euicc().eid
        let iccid = try await env.downloadOrder(DownloadOrderRequest(eid: eid ? eidValue : nil, profileType: "GOLD"))
        return (iccid, eidValue)
    }

    @Test("with matchingId, code, SM-DS and release: the order is released, only SHA-256(CC) kept, the event registered",
          arguments: StoreKind.available)
    func confirmAndRelease(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let (iccid, eid) = try await Self.ordered(env)
        let response = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, matchingId: "GOLD-0001", confirmationCode: "1234",
            smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        #expect(response == ConfirmOrderResponse(eid: eid, matchingId: "GOLD-0001", smdpAddress: ES2PlusTestEnvironment.address))
        let order = try await env.activeOrder(iccid)
        #expect(order.state == .released)
        #expect(order.matchingId == "GOLD-0001")
        #expect(order.confirmationCodeHash == ConfirmationCode.hash("1234"))
        #expect(order.smdsAddress == ES2PlusTestEnvironment.smdsAddress)
        #expect(await env.smds.registered == [RegisterEventRequest(
            eid: eid, rspServerAddress: ES2PlusTestEnvironment.address, eventId: "GOLD-0001")])
    }

    @Test("without matchingId the generated one is kept; without releaseFlag the order is confirmed and nothing is announced")
    func confirmOnly() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await Self.ordered(env)
        let generated = try await env.activeOrder(iccid).matchingId
        let response = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: false))
        #expect(response.matchingId == generated)
        let order = try await env.activeOrder(iccid)
        #expect(order.state == .confirmed)
        #expect(order.confirmationCodeHash == nil)
        #expect(await env.smds.registered.isEmpty)
        // An empty matchingId means "none" too.
        let other = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        let otherGenerated = try await env.activeOrder(other).matchingId
        #expect(try await env.confirmOrder(ConfirmOrderRequest(iccid: other, matchingId: "", releaseFlag: true)).matchingId == otherGenerated)
    }

    @Test("an allocated order takes the EID ConfirmOrder names")
    func eidAtConfirmation() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, eid) = try await Self.ordered(env, eid: false)
        let response = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, eid: eid, releaseFlag: true))
        #expect(response.eid == eid)
        #expect(try await env.activeOrder(iccid).eid == eid)
    }

    @Test("another EID than the linked one: 8.1.1/3.10; an SM-DS without any EID: 8.1.1/2.2; nothing changes")
    func eidRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (linked, _) = try await Self.ordered(env)
        await expectStatus(.eidInvalidAssociation) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: linked, eid: try ES2PlusTestEnvironment.otherEID(), releaseFlag: true))
        }
        #expect(try await env.activeOrder(linked).state == .linked)
        let allocated = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        await expectStatus(.eidMissing) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(
                iccid: allocated, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        }
        #expect(try await env.activeOrder(allocated).state == .allocated)
    }

    @Test("an invalid matchingId or an empty confirmation code is malformed; a taken matchingId is 8.2.6/3.3")
    func matchingIdAndCodeRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (first, _) = try await Self.ordered(env)
        await expectStatus(.malformedRequest) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: first, matchingId: "A$B", releaseFlag: true))
        }
        await expectStatus(.malformedRequest) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: first, confirmationCode: "", releaseFlag: true))
        }
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: first, matchingId: "TAKEN", releaseFlag: true))
        let second = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        await expectStatus(.matchingIDAlreadyInUse) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: second, matchingId: "TAKEN", releaseFlag: true))
        }
        #expect(try await env.activeOrder(second).state == .allocated)
    }

    @Test("only a reserved order can be confirmed: confirming twice, or a profile without order, is 8.2.1/3.8")
    func stateRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let code = await expectStatus(.profileStateRefused) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: gold[0].iccid, releaseFlag: true))
        }
        #expect(code?.message?.contains("no download order") == true)
        _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid))
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: gold[0].iccid, releaseFlag: false))
        let twice = await expectStatus(.profileStateRefused) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: gold[0].iccid, releaseFlag: true))
        }
        #expect(twice?.message?.contains("confirmed") == true)
    }

    @Test("another operator cannot confirm: not its profile (B), or not its order (C, same owner)")
    func otherOperators() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await Self.ordered(env)
        await expectStatus(.iccidNotAllowed) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true), by: env.operatorB)
        }
        await expectStatus(.iccidNotAllowed) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true), by: env.operatorC)
        }
        await expectStatus(.unknownICCID) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(
                iccid: try ICCID(digits: "8949449999999990999", checkLuhn: false), releaseFlag: true))
        }
        #expect(try await env.activeOrder(iccid).state == .linked)
    }

    @Test("an unreachable SM-DS: 8.9/5.1 and the order is back as it was; a retry with the same call identifier acts",
          arguments: StoreKind.available)
    func smdsUnreachable(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let (iccid, _) = try await Self.ordered(env)
        let before = try await env.activeOrder(iccid)
        await env.smds.set(.unreachable)
        let request = ConfirmOrderRequest(
            iccid: iccid, matchingId: "GOLD-0002", confirmationCode: "1", smdsAddress: ES2PlusTestEnvironment.smdsAddress,
            releaseFlag: true)
        await expectStatus(.smdsInaccessible) { _ = try await env.confirmOrder(request, fci: "confirm-1") }
        let after = try await env.activeOrder(iccid)
        #expect(after.state == .linked)
        #expect(after.matchingId == before.matchingId)
        #expect(after.confirmationCodeHash == nil)
        #expect(after.smdsAddress == nil)
        #expect(try await env.store.order(matchingId: "GOLD-0002") == nil)

        await env.smds.set(.up)
        #expect(try await env.confirmOrder(request, fci: "confirm-1").matchingId == "GOLD-0002")
        #expect(try await env.activeOrder(iccid).state == .released)
    }

    @Test("an SM-DS address this SM-DP+ cannot reach is 8.9/5.1; an SM-DS that refuses is 8.9/4.2; the order stays linked")
    func smdsRefusals() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await Self.ordered(env)
        await expectStatus(.smdsInaccessible) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, smdsAddress: "elsewhere.test", releaseFlag: true))
        }
        await env.smds.set(.refusing)
        await expectStatus(.smdsExecutionError) {
            _ = try await env.confirmOrder(ConfirmOrderRequest(
                iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        }
        #expect(try await env.activeOrder(iccid).state == .linked)
        // Confirming without release names the SM-DS but contacts it only at release.
        _ = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: false))
        #expect(try await env.activeOrder(iccid).state == .confirmed)
    }

    @Test("without a resolver, the SM-DP+'s one eventRegistry serves every SM-DS address")
    func singleEventRegistry() async throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: ES2PlusTestEnvironment.address))
        let registry = FakeSMDS()
        let store = InMemorySMDPStore()
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: ES2PlusTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate]),
            store: store, eventRegistry: registry)
        let identity = try ES2PlusTestEnvironment.operatorIdentity("OP", pki: pki)
        try await smdp.registerOperator(name: "OP", poIds: ["001-01"], certificate: identity.certificate)
        let op = TestOperator(name: "OP", identity: identity, fingerprint: try SMDPPlus.operatorFingerprint(of: identity.certificate))
        let profile = try await smdp.importProfile(
            upp: try Vectors.bytes(ES2PlusTestEnvironment.silverFile, in: Vectors.profiles), owner: try ES2PlusTestEnvironment.owner("001-01"))
        let eid = try TestEUICC(pki: pki).eid
        _ = try await smdp.downloadOrder(DownloadOrderRequest(eid: eid, iccid: profile.iccid), caller: op.caller("1"))
        let confirmed = try await smdp.confirmOrder(
            ConfirmOrderRequest(iccid: profile.iccid, smdsAddress: "any.smds.test", releaseFlag: true), caller: op.caller("2"))
        #expect(await registry.liveEvents == [confirmed.matchingId])
    }
}
