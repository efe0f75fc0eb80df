import Crypto
import RSPCore
import RSPCrypto
import Testing
import X509

@testable import EUICC

@Suite("ES10b.PrepareDownload verifies the SM-DP+'s binding key and signature, then makes a one-time key")
struct PrepareDownloadTests {
    func errorCode(_ response: PrepareDownloadResponse) -> DownloadErrorCode? {
        if case .downloadResponseError(let error) = response { return error.downloadErrorCode }
        return nil
    }

    @Test("a genuine request is answered with a fresh otPK.EUICC in euiccSigned2, signed over it and smdpSignature2")
    func genuineRequest() async throws {
        let fixture = try EUICCFixture()
        let ok = try await fixture.authenticate()
        let request = try fixture.smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes)
        guard case .downloadResponseOk(let prepared) = await fixture.isdr.prepareDownload(request) else {
            Issue.record("refused")
            return
        }
        let signed = prepared.euiccSigned2.value
        #expect(signed.transactionId.bytes == fixture.smdp.transactionId)
        #expect(signed.hashCc == nil)
        _ = try ECKA.publicKey(uncompressed: signed.euiccOtpk.bytes)
        try RSPSignature(rawRepresentation: prepared.euiccSignature2.bytes).verify(
            try SignedData.euiccSignature2(euiccSigned2: prepared.euiccSigned2.derBytes, smdpSignature2: request.smdpSignature2.bytes),
            publicKey: fixture.pki.euicc.certificate.p256SigningKey())
    }

    @Test("a wrong transactionId is refused: invalidTransactionId")
    func wrongTransactionId() async throws {
        let fixture = try EUICCFixture()
        let ok = try await fixture.authenticate()
        let response = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes, transactionId: Array(repeating: 7, count: 16)))
        #expect(errorCode(response) == .invalidTransactionId)
    }

    @Test("smdpSignature2 over another euiccSignature1 is refused: invalidSignature")
    func signatureOverOtherEuiccSignature() async throws {
        let fixture = try EUICCFixture()
        _ = try await fixture.authenticate()
        let response = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: Array(repeating: 9, count: 64)))
        #expect(errorCode(response) == .invalidSignature)
    }

    @Test("CERT.DPauth in place of CERT.DPpb is refused: invalidCertificate")
    func wrongCertificateRole() async throws {
        let fixture = try EUICCFixture()
        let ok = try await fixture.authenticate()
        let response = await fixture.isdr.prepareDownload(try fixture.smdp.prepareDownloadRequest(
            euiccSignature1: ok.euiccSignature1.bytes, certificate: fixture.pki.dpAuth.certificate))
        #expect(errorCode(response) == .invalidCertificate)
    }

    @Test("a CERT.DPpb from a foreign CI is refused: invalidCertificate")
    func foreignCI() async throws {
        let fixture = try EUICCFixture()
        let ok = try await fixture.authenticate()
        let foreign = try RSPPKI.generate()
        let response = await fixture.isdr.prepareDownload(try fixture.smdp.prepareDownloadRequest(
            euiccSignature1: ok.euiccSignature1.bytes, certificate: foreign.dpPb.certificate))
        #expect(errorCode(response) == .invalidCertificate)
    }

    @Test("without AuthenticateServer there is no session: noSessionContext")
    func noSession() async throws {
        let fixture = try EUICCFixture()
        _ = await fixture.isdr.getEuiccChallenge()
        let response = await fixture.isdr.prepareDownload(try fixture.smdp.prepareDownloadRequest(euiccSignature1: Array(repeating: 1, count: 64)))
        #expect(errorCode(response) == .noSessionContext)
    }

    @Test("a required confirmation code without hashCc is refused; with it, hashCc goes into euiccSigned2")
    func confirmationCode() async throws {
        let fixture = try EUICCFixture()
        var ok = try await fixture.authenticate()
        let missing = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes, ccRequired: true))
        #expect(errorCode(missing) == .undefinedError)

        ok = try await fixture.authenticate()
        let hashCc = Array(SHA256.hash(data: Array("12345678".utf8)))
        let response = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes, ccRequired: true, hashCc: hashCc))
        guard case .downloadResponseOk(let prepared) = response else {
            Issue.record("refused: \(response)")
            return
        }
        #expect(prepared.euiccSigned2.value.hashCc?.bytes == hashCc)
    }

    @Test("CancelSession signs the SM-DP+ OID of CERT.DPauth and ends the session; a wrong transactionId is refused")
    func cancelSession() async throws {
        let fixture = try EUICCFixture()
        _ = try await fixture.authenticate()
        let wrong = await fixture.isdr.cancelSession(CancelSessionRequest(transactionId: [1], reason: .endUserRejection))
        #expect(wrong == .cancelSessionResponseError(.invalidTransactionId))
        _ = try await fixture.authenticate()
        let response = await fixture.isdr.cancelSession(
            CancelSessionRequest(transactionId: OctetString(fixture.smdp.transactionId), reason: .postponed))
        guard case .cancelSessionResponseOk(let ok) = response else {
            Issue.record("refused: \(response)")
            return
        }
        #expect(ok.euiccCancelSessionSigned.value.smdpOid == RSPOIDs.testSMDPRegisteredID)
        #expect(ok.euiccCancelSessionSigned.value.reason == .postponed)
        try RSPSignature(rawRepresentation: ok.euiccCancelSessionSignature.bytes)
            .verify(ok.euiccCancelSessionSigned.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
        let again = await fixture.isdr.cancelSession(
            CancelSessionRequest(transactionId: OctetString(fixture.smdp.transactionId), reason: .postponed))
        #expect(again == .cancelSessionResponseError(.invalidTransactionId))
        #expect(await fixture.isdr.state.notifications.isEmpty)
        #expect(await fixture.isdr.state.profiles.isEmpty)
    }
}
