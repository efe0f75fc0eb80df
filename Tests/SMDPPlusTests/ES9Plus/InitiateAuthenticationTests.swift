import RSPTestSupport
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Testing
import X509

@Suite("ES9+.InitiateAuthentication (SGP.22 §5.6.1)")
struct InitiateAuthenticationTests {
    @Test("the answer is signed with CERT.DPauth over serverSigned1, echoes the eUICC challenge and opens a session")
    func signedAnswer() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let request = euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address)
        let ok = try await env.smdp.initiateAuthentication(request)
        let certificate = try Certificate(derEncoded: ok.serverCertificate.derBytes)
        #expect(certificate == env.pki.dpAuth.certificate)
        try RSPSignature.verify(
            rawSignature: ok.serverSignature1.bytes, over: ok.serverSigned1.derBytes, publicKey: try certificate.p256SigningKey())
        #expect(ok.serverSigned1.value.euiccChallenge == request.euiccChallenge)
        #expect(ok.serverSigned1.value.serverAddress == SMDPTestEnvironment.address)
        #expect(ok.serverSigned1.value.serverChallenge.count == 16)
        let session = try #require(await env.store.session(transactionId: TransactionID(ok.transactionId)))
        #expect(session.state == .initiated)
        #expect(session.serverChallenge == ok.serverSigned1.value.serverChallenge.bytes)
        #expect(session.euiccChallenge == request.euiccChallenge.bytes)
        #expect(session.expiresAt == session.createdAt.addingTimeInterval(600))
    }

    @Test("two sessions get different transaction ids and server challenges")
    func freshIdentifiers() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let first = try await env.initiate(&euicc)
        let second = try await env.initiate(&euicc)
        #expect(first.transactionId != second.transactionId)
        #expect(first.serverSigned1.value.serverChallenge != second.serverSigned1.value.serverChallenge)
    }

    @Test("a request for another SM-DP+ address is refused: invalid SM-DP+ address")
    func wrongAddress() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        await expectStatus(.invalidSMDPAddress) {
            _ = try await env.smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: "other.example.com"))
        }
    }

    @Test("the address comparison ignores letter case (DNS names)")
    func addressCase() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        _ = try await env.smdp.initiateAuthentication(
            euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address.uppercased()))
    }

    @Test("an eUICC that is not SGP.22 v2 is refused: unsupported SVN", arguments: [[3, 0, 0], [1, 0, 2], [2, 2]] as [[UInt8]])
    func unsupportedSVN(svn: [UInt8]) async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        euicc.svn = svn
        await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
    }

    @Test("an eUICC that trusts none of our CIs is refused: unsupported CI PKId")
    func unknownCI() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        euicc.ciPKIdsForVerification = [Array(repeating: 0x42, count: 20)]
        await expectStatus(.unsupportedCIPKId) { _ = try await env.initiate(&euicc) }
    }

    @Test("an eUICC that cannot sign with one of our CIs is refused: unsupported CI PKId")
    func unknownSigningCI() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        euicc.ciPKIdsForSigning = [Array(repeating: 0x42, count: 20)]
        await expectStatus(.unsupportedCIPKId) { _ = try await env.initiate(&euicc) }
    }

    @Test("a trusted CI that did not issue our CERT.DPauth is refused: no SM-DP+ certificate for the CI")
    func noCertificateForCI() async throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: SMDPTestEnvironment.address))
        let other = try RSPPKI.generate()
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb,
                trustedCIs: [pki.ci.certificate, other.ci.certificate]),
            store: InMemorySMDPStore())
        var euicc = try TestEUICC(pki: other)
        await expectStatus(.noSMDPCertificateForCI) {
            _ = try await smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address))
        }
    }

    @Test("an euiccChallenge that is not 16 bytes is refused as malformed")
    func shortChallenge() async throws {
        let env = try SMDPTestEnvironment()
        let euicc = try env.euicc()
        await expectStatus(.malformedRequest) {
            _ = try await env.smdp.initiateAuthentication(InitiateAuthenticationRequest(
                euiccChallenge: [1, 2, 3], smdpAddress: SMDPTestEnvironment.address, euiccInfo1: euicc.euiccInfo1))
        }
    }
}
