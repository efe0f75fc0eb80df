import RSPCore
import RSPCrypto
import Testing

@testable import EUICC

/// SGP.22 §5.7.13: serverCertificate is CERT.XXauth.ECDSA — CERT.DPauth for an SM-DP+, CERT.DSauth
/// for an SM-DS (event retrieval, §3.6.2). Any other RSP role is refused: invalidCertificate.
@Suite("ES10b.AuthenticateServer accepts CERT.DPauth or CERT.DSauth, and no other role")
struct AuthenticateServerRoleTests {
    func response(_ fixture: EUICCFixture, _ identity: RSPIdentity) async throws -> AuthenticateServerResponse {
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        return await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(
            challenge: challenge, certificate: identity.certificate, signer: identity.privateKey))
    }

    func errorCode(_ response: AuthenticateServerResponse) -> AuthenticateErrorCode? {
        if case .authenticateResponseError(let error) = response { return error.authenticateErrorCode }
        return nil
    }

    @Test("an SM-DS authenticating with CERT.DSauth is answered with a signed euiccSigned1")
    func smdsAccepted() async throws {
        let fixture = try EUICCFixture()
        let answer = try await response(fixture, fixture.pki.dsAuth)
        guard case .authenticateResponseOk(let ok) = answer else {
            Issue.record("CERT.DSauth refused: \(answer)")
            return
        }
        #expect(ok.euiccSigned1.value.serverAddress == fixture.smdp.address)
        try RSPSignature(rawRepresentation: ok.euiccSignature1.bytes)
            .verify(ok.euiccSigned1.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
    }

    @Test("CERT.DSauth with a serverSignature1 made by another key is refused: invalidSignature")
    func smdsWrongKey() async throws {
        let fixture = try EUICCFixture()
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let answer = await fixture.isdr.authenticateServer(try fixture.smdp.authenticateServerRequest(
            challenge: challenge, certificate: fixture.pki.dsAuth.certificate, signer: fixture.pki.dpAuth.privateKey))
        #expect(errorCode(answer) == .invalidSignature)
    }

    @Test("CERT.DSauth from a CI the eUICC does not trust is refused: ciPKUnknown")
    func smdsForeignCI() async throws {
        let fixture = try EUICCFixture()
        #expect(errorCode(try await response(fixture, try RSPPKI.generate().dsAuth)) == .ciPKUnknown)
    }

    @Test("a DPpb, DPtls, DStls, EUM or eUICC certificate is refused as server certificate: invalidCertificate",
          arguments: [CertificateRole.dpPb, .dpTLS, .dsTLS, .eum, .euicc])
    func otherRolesRefused(role: CertificateRole) async throws {
        let fixture = try EUICCFixture()
        let identity = fixture.pki[role]
        #expect(errorCode(try await response(fixture, identity)) == .invalidCertificate)
    }

    @Test("an SM-DS session ends with euiccSigned1: a following PrepareDownload finds no session (noSessionContext)")
    func smdsSessionIsNoDownloadSession() async throws {
        let fixture = try EUICCFixture()
        guard case .authenticateResponseOk(let ok) = try await response(fixture, fixture.pki.dsAuth) else {
            Issue.record("CERT.DSauth refused")
            return
        }
        let answer = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes))
        guard case .downloadResponseError(let refusal) = answer else {
            Issue.record("PrepareDownload accepted after SM-DS authentication")
            return
        }
        #expect(refusal.downloadErrorCode == .noSessionContext)
    }
}
