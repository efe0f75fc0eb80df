import Foundation
import RSPCore
import RSPHTTP
import RSPTestSupport
import Testing

/// The JSON binding against the bodies pySim exchanged: every recorded body decodes to the
/// RSPCore message, and re-encoding that message gives the same field values byte for byte.
@Suite("ES9+ JSON binding reproduces the recorded pySim bodies")
struct RecordedBodiesTests {
    func expectSameFields(_ encoded: some Encodable, as path: String) throws {
        let ours = try RecordedSession.stringFields(try RSPJSON.encoder().encode(encoded))
        let recorded = try RecordedSession.stringFields(try RecordedSession.data(path))
        #expect(!recorded.isEmpty)
        #expect(ours == recorded)
    }

    @Test("initiateAuthentication request round-trips through InitiateAuthenticationRequest")
    func initiateAuthenticationRequest() throws {
        let message = try RecordedSession.decode(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest).message()
        #expect(message.smdpAddress == "testsmdpplus1.example.com")
        #expect(message.euiccChallenge.hex == "B0001D9157C391902553937D5388DAB3")
        try expectSameFields(InitiateAuthenticationRequestBody(message), as: RecordedSession.initiateRequest)
    }

    @Test("initiateAuthentication response: 5F37 signature DO and 04 14 CI PKId map to the RSPCore fields")
    func initiateAuthenticationResponse() throws {
        let body = try RecordedSession.decode(InitiateAuthenticationResponseBody.self, RecordedSession.initiateResponse)
        #expect(body.header.functionExecutionStatus.status == .executedSuccess)
        let ok = try body.message()
        #expect(ok.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        #expect(ok.serverSignature1.count == 64)
        #expect(ok.euiccCiPKIdToBeUsed.hex == "304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26")
        #expect(ok.serverSigned1.value.serverAddress == "testsmdpplus1.example.com")
        try expectSameFields(InitiateAuthenticationResponseBody(ok), as: RecordedSession.initiateResponse)
    }

    @Test("authenticateClient request and response round-trip (profileMetadata, smdpSigned2, smdpSignature2, smdpCertificate)")
    func authenticateClient() throws {
        let request = try RecordedSession.decode(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest).message()
        guard case .authenticateResponseOk = request.authenticateServerResponse else {
            Issue.record("recorded AuthenticateServerResponse is not OK")
            return
        }
        try expectSameFields(AuthenticateClientRequestBody(request), as: RecordedSession.authenticateRequest)

        let ok = try RecordedSession.authenticateClientOk
        #expect(ok.prepareDownloadRequest.hashCc == nil)
        #expect(ok.prepareDownloadRequest.smdpSignature2.count == 64)
        #expect(ok.prepareDownloadRequest.smdpSigned2.value.transactionId == ok.transactionId)
        try expectSameFields(AuthenticateClientResponseBody(ok), as: RecordedSession.authenticateResponse)
    }

    @Test("getBoundProfilePackage request and the 13 kB BPP response round-trip")
    func getBoundProfilePackage() throws {
        let request = try RecordedSession.decode(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest).message()
        try expectSameFields(GetBoundProfilePackageRequestBody(request), as: RecordedSession.bppRequest)
        let ok = try RecordedSession.getBoundProfilePackageOk
        #expect(try ok.boundProfilePackage.derEncoded() == (try Vectors.bytes("bpp.der")))
        try expectSameFields(GetBoundProfilePackageResponseBody(ok), as: RecordedSession.bppResponse)
    }

    @Test("handleNotification request round-trips through HandleNotification")
    func handleNotification() throws {
        let message = try RecordedSession.decode(HandleNotificationRequestBody.self, RecordedSession.notificationRequest).message()
        guard case .profileInstallationResult = message.pendingNotification else {
            Issue.record("recorded notification is not a ProfileInstallationResult")
            return
        }
        try expectSameFields(HandleNotificationRequestBody(message), as: RecordedSession.notificationRequest)
    }

    @Test("cancelSession request round-trips through CancelSessionRequestEs9")
    func cancelSession() throws {
        // BF41 { 81 01 01 } — cancelSessionResponseError(1): no session was recorded, so build one.
        let response = try CancelSessionResponse(derBytes: [0xBF, 0x41, 0x03, 0x81, 0x01, 0x01])
        let request = CancelSessionRequestEs9(transactionId: OctetString(hex: "A136211522C14BB6BC73A8B4B67B8F30") ?? [], cancelSessionResponse: response)
        let body = try CancelSessionRequestBody(request)
        #expect(body.cancelSessionResponse == "v0EDgQEB")
        #expect(try body.message() == request)
    }

    @Test("the encoder writes base64 slashes unescaped")
    func slashesUnescaped() throws {
        let body = try InitiateAuthenticationResponseBody(try RecordedSession.initiateAuthenticationOk)
        let text = String(decoding: try RSPJSON.encoder().encode(body), as: UTF8.self)
        #expect(text.contains("/"))
        #expect(!text.contains("\\/"))
    }

    @Test("the recorded Failed headers decode to their status codes", arguments: [
        ("01-initiateAuthentication.resp.json", "8.8.1", "3.8"),
        ("03-authenticateClient.resp.json", "8.2.6", "3.8"),
        ("04-getBoundProfilePackage.resp.json", "8.10.1", "3.9"),
    ])
    func recordedFailures(file: String, subject: String, reason: String) throws {
        let data = Data(try Vectors.bytes(file, in: Vectors.directory.appendingPathComponent("pysim-es9plus-errors")))
        let body = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: data)
        #expect(body.header.functionExecutionStatus.status == .failed)
        let code = try #require(body.header.functionExecutionStatus.statusCodeData).statusCode
        #expect(code.subjectCode.rawValue == subject)
        #expect(code.reasonCode.rawValue == reason)
    }

    @Test("a Failed header renders subjectCode, reasonCode and message as SGP.22 writes them")
    func failedHeaderShape() throws {
        let data = try RSPJSON.encoder().encode(HeaderOnlyResponseBody(header: .failed(.unknownTransactionID)))
        let header = try #require(try RecordedSession.object(data)["header"] as? [String: Any])
        let status = try #require(header["functionExecutionStatus"] as? [String: Any])
        #expect(status["status"] as? String == "Failed")
        let codeData = try #require(status["statusCodeData"] as? [String: Any])
        #expect(codeData["subjectCode"] as? String == "8.10.1")
        #expect(codeData["reasonCode"] as? String == "3.9")
        #expect(codeData["message"] as? String == StatusCode.unknownTransactionID.message)
    }
}
