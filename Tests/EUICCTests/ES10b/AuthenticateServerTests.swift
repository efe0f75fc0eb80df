import Crypto
import Foundation
import RSPCore
import RSPCrypto
import Testing
import X509

@testable import EUICC

@Suite("ES10b.AuthenticateServer verifies the RSP server before signing anything")
struct AuthenticateServerTests {
    func errorCode(_ response: AuthenticateServerResponse) -> AuthenticateErrorCode? {
        if case .authenticateResponseError(let error) = response { return error.authenticateErrorCode }
        return nil
    }

    @Test("a genuine server is answered with euiccSigned1 signed by the eUICC over the request's values")
    func genuineServer() async throws {
        let fixture = try EUICCFixture()
        let ok = try await fixture.authenticate()
        let signed = ok.euiccSigned1.value
        #expect(signed.transactionId.bytes == fixture.smdp.transactionId)
        #expect(signed.serverAddress == fixture.smdp.address)
        #expect(signed.serverChallenge.bytes == fixture.smdp.serverChallenge)
        #expect(signed.ctxParams1 == TestSMDP.ctxParams1)
        #expect(signed.euiccInfo2.euiccCiPKIdListForSigning == [OctetString(fixture.smdp.ciPKId)])
        #expect(signed.euiccInfo2.svn.bytes == [2, 2, 2])
        try RSPSignature(rawRepresentation: ok.euiccSignature1.bytes)
            .verify(ok.euiccSigned1.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
        #expect(ok.euiccCertificate.derBytes == (try fixture.pki.euicc.certificate.derBytes()))
        #expect(ok.eumCertificate.derBytes == (try fixture.pki.eum.certificate.derBytes()))
    }

    @Test("without GetEuiccChallenge there is no session: noSessionContext")
    func noSession() async throws {
        let fixture = try EUICCFixture()
        let response = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(challenge: Array(repeating: 1, count: 16)))
        #expect(errorCode(response) == .noSessionContext)
    }

    @Test("a serverSigned1 with another euiccChallenge is refused: euiccChallengeMismatch")
    func challengeMismatch() async throws {
        let fixture = try EUICCFixture()
        var challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        challenge[0] ^= 0xFF
        let response = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(challenge: challenge))
        #expect(errorCode(response) == .euiccChallengeMismatch)
    }

    @Test("a challenge is good for one AuthenticateServer only")
    func challengeIsSingleUse() async throws {
        let fixture = try EUICCFixture()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let other = try fixture.smdp.authenticateServerRequest(challenge: challenge, tamperSignature: true)
        #expect(errorCode(await fixture.isdr.authenticateServer(other)) == .invalidSignature)
        let replay = try fixture.smdp.authenticateServerRequest(challenge: challenge)
        #expect(errorCode(await fixture.isdr.authenticateServer(replay)) == .noSessionContext)
    }

    @Test("a tampered serverSignature1 is refused: invalidSignature")
    func tamperedSignature() async throws {
        let fixture = try EUICCFixture()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await fixture.isdr.authenticateServer(
            try fixture.smdp.authenticateServerRequest(challenge: challenge, tamperSignature: true))
        #expect(errorCode(response) == .invalidSignature)
    }

    @Test("serverSignature1 made with another key than the certificate's is refused: invalidSignature")
    func signatureByAnotherKey() async throws {
        let fixture = try EUICCFixture()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await fixture.isdr.authenticateServer(
            try fixture.smdp.authenticateServerRequest(challenge: challenge, signer: P256.Signing.PrivateKey()))
        #expect(errorCode(response) == .invalidSignature)
    }

    @Test("a server certificate from a foreign CI is refused: ciPKUnknown")
    func foreignCIServerCertificate() async throws {
        let fixture = try EUICCFixture()
        let foreign = try RSPPKI.generate()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(
            challenge: challenge, certificate: foreign.dpAuth.certificate, signer: foreign.dpAuth.privateKey))
        #expect(errorCode(response) == .ciPKUnknown)
    }

    @Test("euiccCiPKIdToBeUsed naming a CI the eUICC does not sign with is refused: ciPKUnknown")
    func foreignCiPKIdToBeUsed() async throws {
        let fixture = try EUICCFixture()
        let foreign = try RSPPKI.generate()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(
            challenge: challenge, ciPKId: try #require(try foreign.ci.certificate.subjectKeyIdentifierBytes())))
        #expect(errorCode(response) == .ciPKUnknown)
    }

    @Test("a server certificate with the wrong role (CERT.DPpb instead of CERT.DPauth) is refused: invalidCertificate")
    func wrongRole() async throws {
        let fixture = try EUICCFixture()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(
            challenge: challenge, certificate: fixture.pki.dpPb.certificate, signer: fixture.pki.dpPb.privateKey))
        #expect(errorCode(response) == .invalidCertificate)
    }

    @Test("an expired server certificate is refused: invalidCertificate")
    func expiredCertificate() async throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let isdr = try ISDR(identity: identity, environment: EUICCEnvironment(now: { Date(timeIntervalSinceNow: 20 * 365 * 86_400) }))
        let challenge = await isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await isdr.authenticateServer(try TestSMDP(pki: pki).authenticateServerRequest(challenge: challenge))
        #expect(errorCode(response) == .invalidCertificate)
    }

    @Test("the error answer carries the request's transactionId")
    func errorCarriesTransactionId() async throws {
        let fixture = try EUICCFixture()
        let response = await fixture.isdr.authenticateServer(
            try fixture.smdp.authenticateServerRequest(challenge: Array(repeating: 0, count: 16), transactionId: [1, 2, 3]))
        guard case .authenticateResponseError(let error) = response else {
            Issue.record("expected an error")
            return
        }
        #expect(error.transactionId.bytes == [1, 2, 3])
    }

    @Test("GetEuiccChallenge returns 16 fresh random bytes each time")
    func freshChallenges() async throws {
        let fixture = try EUICCFixture()
        let first = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let second = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        #expect(first.count == 16)
        #expect(first != second)
    }

    @Test("EUICCInfo1 lists the trusted CI for verification and the eUICC's own CI for signing, SVN 2.2.2")
    func euiccInfo1() async throws {
        let fixture = try EUICCFixture()
        let info = await fixture.isdr.getEUICCInfo1()
        #expect(info.svn.bytes == [2, 2, 2])
        #expect(info.euiccCiPKIdListForVerification == [OctetString(fixture.smdp.ciPKId)])
        #expect(info.euiccCiPKIdListForSigning == [OctetString(fixture.smdp.ciPKId)])
    }
}
