import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+ operators: registration and authentication of each call (SGP.22 §5.3, §2.6.5)")
struct OperatorsTests {
    @Test("a registered operator is bound to SHA-256 of its certificate's DER and listed by name", arguments: StoreKind.available)
    func register(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        let listed = try await env.smdp.operators()
        #expect(listed.map(\.name) == ["OPERATOR-A", "OPERATOR-B", "OPERATOR-C"])
        let a = try #require(listed.first)
        #expect(a.certificateFingerprint == Array(SHA256.hash(data: try env.operatorA.identity.certificate.derBytes())))
        #expect(a.poIds == ["001-01"])
        #expect(a.profileTypes.isEmpty)
        #expect(a.callbackURL == ES2PlusTestEnvironment.callbackA)
    }

    @Test("a second operator with a taken name or a taken certificate is refused with a clear error")
    func duplicates() async throws {
        let env = try await ES2PlusTestEnvironment()
        let fresh = try ES2PlusTestEnvironment.operatorIdentity("NEW", pki: env.pki)
        await #expect(throws: OperatorRegistrationError.duplicateName("OPERATOR-A")) {
            try await env.smdp.registerOperator(name: "OPERATOR-A", poIds: ["001-01"], certificate: fresh.certificate)
        }
        await #expect(throws: OperatorRegistrationError.duplicateCertificate("OPERATOR-B")) {
            try await env.smdp.registerOperator(name: "NEW", poIds: ["001-01"], certificate: env.operatorB.identity.certificate)
        }
        #expect(try await env.smdp.operators().count == 3)
    }

    @Test("PO IDs must be MCC-MNC, the name non-empty, the callback an http(s) URL")
    func invalidInput() async throws {
        let env = try await ES2PlusTestEnvironment()
        let certificate = try ES2PlusTestEnvironment.operatorIdentity("X", pki: env.pki).certificate
        for (name, poIds, url) in [("X", ["00101"], nil), ("X", ["01-01"], nil), ("X", [], nil), ("", ["001-01"], nil),
                                   ("X", ["001-01"], "ftp://x.test/"), ("X", ["001-001"], "not a url")] as [(String, [String], String?)] {
            await #expect(throws: OperatorRegistrationError.self) {
                try await env.smdp.registerOperator(name: name, poIds: poIds, certificate: certificate, callbackURL: url)
            }
        }
        try await env.smdp.registerOperator(name: "X", poIds: ["001-001", "310-410"], certificate: certificate)
    }

    @Test("updating an operator replaces its PO IDs, types, certificate and callback; an unknown one is refused")
    func update() async throws {
        let env = try await ES2PlusTestEnvironment()
        let renewed = try ES2PlusTestEnvironment.operatorIdentity("OPERATOR-A", pki: env.pki)
        let before = try #require(try await env.store.operatorRecord(name: "OPERATOR-A"))
        let updated = try await env.smdp.updateOperator(
            name: "OPERATOR-A", poIds: ["001-01", "001-02"], profileTypes: ["GOLD"], certificate: renewed.certificate,
            callbackURL: nil)
        #expect(updated.createdAt == before.createdAt)
        #expect(try await env.store.operatorRecord(name: "OPERATOR-A") == updated)
        // The old certificate no longer authenticates A; the new one does.
        try await env.importProfiles()
        await expectStatus(.requesterNotAuthenticated) {
            _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"))
        }
        let renewedA = TestOperator(name: "OPERATOR-A", identity: renewed, fingerprint: updated.certificateFingerprint)
        _ = try await env.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), by: renewedA)

        await #expect(throws: OperatorRegistrationError.unknownOperator("NOBODY")) {
            try await env.smdp.updateOperator(
                name: "NOBODY", poIds: ["001-01"], profileTypes: [], certificate: renewed.certificate, callbackURL: nil)
        }
        await #expect(throws: OperatorRegistrationError.duplicateCertificate("OPERATOR-B")) {
            try await env.smdp.updateOperator(
                name: "OPERATOR-A", poIds: ["001-01"], profileTypes: [], certificate: env.operatorB.identity.certificate,
                callbackURL: nil)
        }
    }

    @Test("a call with a certificate no operator is bound to is refused: requester not authenticated (1.1/1.1)")
    func unknownCertificate() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        let stranger = try ES2PlusTestEnvironment.operatorIdentity("OPERATOR-A", pki: env.pki)
        let caller = ES2PlusCaller(
            functionRequesterIdentifier: "OPERATOR-A", functionCallIdentifier: "1",
            certificateFingerprint: try SMDPPlus.operatorFingerprint(of: stranger.certificate))
        await expectStatus(.requesterNotAuthenticated) {
            _ = try await env.smdp.downloadOrder(DownloadOrderRequest(profileType: "GOLD"), caller: caller)
        }
        let anonymous = ES2PlusCaller(functionRequesterIdentifier: "OPERATOR-A", functionCallIdentifier: "1", certificateFingerprint: [])
        await expectStatus(.requesterNotAuthenticated) {
            try await env.smdp.releaseProfile(ReleaseProfileRequest(iccid: try ICCID(digits: "8949449999999990171", checkLuhn: false)), caller: anonymous)
        }
    }

    @Test("a header naming another operator than the certificate is refused: requester not allowed (1.1/1.2)")
    func requesterMismatch() async throws {
        let env = try await ES2PlusTestEnvironment()
        let gold = try await env.importProfiles()
        let caller = ES2PlusCaller(
            functionRequesterIdentifier: "OPERATOR-A", functionCallIdentifier: "1", certificateFingerprint: env.operatorB.fingerprint)
        await expectStatus(.requesterNotAllowed) {
            _ = try await env.smdp.downloadOrder(DownloadOrderRequest(iccid: gold[0].iccid), caller: caller)
        }
        #expect(try await env.store.activeOrder(iccid: gold[0].iccid) == nil)
    }
}
