import RSPTestSupport
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDS
import Testing
import X509

/// ES11.InitiateAuthentication / AuthenticateClient (SGP.22 §5.8.1–§5.8.2): the ES9+ mutual
/// authentication with CERT.DSauth.ECDSA, and its refusals.
@Suite("SM-DS event retrieval authentication (ES11)")
struct EventRetrievalAuthenticationTests {
    @Test("InitiateAuthentication is signed with CERT.DSauth.ECDSA and names the SM-DS and the chosen CI")
    func initiateSignedByDSauth() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let certificate = try Certificate(derEncoded: initiated.serverCertificate.derBytes)
        #expect(certificate == env.pki.dsAuth.certificate)
        #expect(initiated.serverSigned1.value.serverAddress == SMDSTestEnvironment.address)
        #expect(initiated.euiccCiPKIdToBeUsed.bytes == euicc.ciPKIdsForSigning[0])
        // The test eUICC verifies the DSauth chain and serverSignature1 before signing.
        _ = try euicc.authenticateSMDS(initiated)
        let session = try requireValue(try await env.store.smdsSession(
            transactionId: TransactionID(initiated.transactionId)))
        #expect(session.state == .initiated && session.serverChallenge == initiated.serverSigned1.value.serverChallenge.bytes)
    }

    @Test("two InitiateAuthentications get distinct transactionIds and serverChallenges")
    func freshSessions() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let first = try await env.initiate(&euicc)
        let second = try await env.initiate(&euicc)
        #expect(first.transactionId != second.transactionId)
        #expect(first.serverSigned1.value.serverChallenge != second.serverSigned1.value.serverChallenge)
    }

    @Test("a successful AuthenticateClient records the EID and uses the session up")
    func sessionAuthenticated() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let result = try await env.retrieveEvents(&euicc)
        let session = try requireValue(try await env.store.smdsSession(transactionId: TransactionID(result.transactionId)))
        #expect(session.state == .authenticated && session.eid == euicc.eid)
    }

    @Test("InitiateAuthentication addressed to another server is refused: invalid SM-DS address")
    func wrongAddress() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        await expectStatus(.invalidSMDSAddress) {
            _ = try await env.smds.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: "smdp.openrsp.test"))
        }
    }

    @Test("the SM-DS address compares case-insensitively")
    func addressCase() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        _ = try await env.smds.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: "SMDS.OpenRSP.test"))
    }

    @Test("an eUICC of SGP.22 v3 is refused: unsupported SVN")
    func unsupportedSVN() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        euicc.svn = [3, 0, 0]
        await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
    }

    @Test("an eUICC that trusts no CI of the SM-DS is refused: unsupported CI PKId")
    func unknownCI() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        euicc.ciPKIdsForVerification = [[UInt8](repeating: 0xAB, count: 20)]
        await expectStatus(.unsupportedCIPKId) { _ = try await env.initiate(&euicc) }
        euicc = try env.euicc()
        euicc.ciPKIdsForSigning = [[UInt8](repeating: 0xAB, count: 20)]
        await expectStatus(.unsupportedCIPKId) { _ = try await env.initiate(&euicc) }
    }

    @Test("a replayed AuthenticateClient is refused: unknown transactionId")
    func replay() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateSMDS(initiated)
        let first = try await env.smds.authenticateClient(request)
        #expect(first.eventEntries.count == 1)
        await expectStatus(.unknownTransactionID) { _ = try await env.smds.authenticateClient(request) }
    }

    @Test("an AuthenticateClient for an unknown transactionId is refused")
    func unknownTransaction() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        var request = try euicc.authenticateSMDS(initiated)
        request.transactionId = OctetString([UInt8](repeating: 0x11, count: 16))
        await expectStatus(.unknownTransactionID) { _ = try await env.smds.authenticateClient(request) }
    }

    @Test("a tampered euiccSignature1 is refused and ends the session")
    func tamperedSignature() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        let initiated = try await env.initiate(&euicc)
        let genuine = try euicc.authenticateSMDS(initiated)
        guard case .authenticateResponseOk(var ok) = genuine.authenticateServerResponse else {
            Issue.record("the test eUICC answered with an error")
            return
        }
        var signature = ok.euiccSignature1.bytes
        signature[10] ^= 0x01
        ok.euiccSignature1 = OctetString(signature)
        var tampered = genuine
        tampered.authenticateServerResponse = .authenticateResponseOk(ok)
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smds.authenticateClient(tampered) }
        // The session is over: even the genuine answer is refused now.
        await expectStatus(.unknownTransactionID) { _ = try await env.smds.authenticateClient(genuine) }
    }

    @Test("an eUICC answer signed for another session is refused: unknown transactionId")
    func sessionBinding() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let first = try await env.initiate(&euicc)
        let firstAnswer = try euicc.authenticateSMDS(first)
        _ = try await env.initiate(&euicc)
        // The answer to the first session, presented as a different session's: the TransactionID binding fails.
        guard case .authenticateResponseOk(let ok) = firstAnswer.authenticateServerResponse else {
            Issue.record("the test eUICC answered with an error")
            return
        }
        #expect(ok.euiccSigned1.value.transactionId == first.transactionId)
        let second = try await env.initiate(&euicc)
        var crossed = firstAnswer
        crossed.transactionId = second.transactionId
        await expectStatus(.unknownTransactionID) { _ = try await env.smds.authenticateClient(crossed) }
    }

    @Test("an eUICC certified under a foreign CI is refused: unknown CI public key")
    func foreignCI() async throws {
        let env = try SMDSTestEnvironment()
        let foreign = try RSPPKI.generate()
        // It claims our CI (so InitiateAuthentication accepts it) but its EUM is certified by another CI.
        var euicc = try TestEUICC(identity: foreign.euicc, eum: foreign.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.unknownCIPublicKey) { _ = try await env.retrieveEvents(&euicc) }
    }

    @Test("an eUICC certificate that its EUM did not issue is refused: eUICC certificate invalid")
    func euiccNotFromEUM() async throws {
        let env = try SMDSTestEnvironment()
        let foreign = try RSPPKI.generate()
        var euicc = try TestEUICC(identity: foreign.euicc, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.euiccCertificateInvalid) { _ = try await env.retrieveEvents(&euicc) }
    }

    @Test("AuthenticateClient after the session expired is refused: unknown transactionId")
    func expiredSession() async throws {
        let env = try SMDSTestEnvironment(sessionLifetime: 60)
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateSMDS(initiated)
        env.clock.advance(by: 61)
        await expectStatus(.unknownTransactionID) { _ = try await env.smds.authenticateClient(request) }
        let purged = try await env.smds.purgeExpired()
        #expect(purged.sessions == 1)
    }

    @Test("event retrieval with a matchingId is refused: MatchingID refused")
    func matchingIdPresent() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        await expectStatus(.matchingIDRefused) { _ = try await env.retrieveEvents(&euicc, matchingId: "EVT-1") }
    }

    @Test("event retrieval with an empty matchingId is accepted")
    func emptyMatchingId() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        let result = try await env.retrieveEvents(&euicc, matchingId: "")
        #expect(result.eventEntries.map(\.eventId) == ["EVT-1"])
    }

    @Test("an eUICC that refused the SM-DS ends the session: execution error")
    func authenticateResponseError() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = AuthenticateClientRequest(
            transactionId: initiated.transactionId,
            authenticateServerResponse: .authenticateResponseError(AuthenticateResponseError(
                transactionId: initiated.transactionId, authenticateErrorCode: .invalidCertificate)))
        await expectStatus(.executionError) { _ = try await env.smds.authenticateClient(request) }
        let session = try requireValue(try await env.store.smdsSession(transactionId: TransactionID(initiated.transactionId)))
        #expect(session.state == .failed)
    }
}

@Suite("SM-DS configuration")
struct SMDSConfigurationTests {
    @Test("a configuration without address, trusted CI or positive lifetimes is refused")
    func invalidConfiguration() throws {
        let pki = try SMDSTestEnvironment.sharedPKI()
        #expect(throws: SMDSConfigurationError.self) {
            _ = try SMDSConfiguration(address: "", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate])
        }
        #expect(throws: SMDSConfigurationError.self) {
            _ = try SMDSConfiguration(address: "smds.test", dsAuth: pki.dsAuth, trustedCIs: [])
        }
        #expect(throws: SMDSConfigurationError.self) {
            _ = try SMDSConfiguration(address: "smds.test", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate], eventLifetime: 0)
        }
        let valid = try SMDSConfiguration(address: "smds.test", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate])
        #expect(valid.eventLifetime == 30 * 24 * 3600)
    }
}
