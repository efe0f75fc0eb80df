import Foundation
import RSPCore
import RSPHTTP
import Testing

/// Every way a request body can be wrong yields the SGP.22 status code for it, never a crash.
@Suite("ES9+ request bodies: malformed fields yield 1.1/2.2 or 1.1/2.1")
struct MalformedBodyTests {
    func code(_ body: () throws -> Void) -> StatusCode? {
        do {
            try body()
            return nil
        } catch let code as StatusCode {
            return code
        } catch {
            return nil
        }
    }

    func recorded<Body: Decodable>(_ type: Body.Type, _ path: String) throws -> Body {
        try RecordedSession.decode(type, path)
    }

    @Test("an empty object is 'mandatory element missing' (1.1/2.2)")
    func emptyObject() throws {
        let body = try RSPJSON.decodeRequest(InitiateAuthenticationRequestBody.self, from: Data("{}".utf8))
        let code = try #require(code { _ = try body.message() })
        #expect(code.subjectCode == .functionRequester)
        #expect(code.reasonCode == .mandatoryElementMissing)
    }

    @Test("non-JSON text and a JSON array are invalid (1.1/2.1)", arguments: ["not json", "[1,2]", "", "{\"smdpAddress\": 5}"])
    func notJSON(text: String) throws {
        let code = try #require(code { _ = try RSPJSON.decodeRequest(InitiateAuthenticationRequestBody.self, from: Data(text.utf8)) })
        #expect(code.subjectCode == .functionRequester)
        #expect(code.reasonCode == .invalid)
    }

    @Test("bad base64 is invalid (1.1/2.1)")
    func badBase64() throws {
        var body = try recorded(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest)
        body.euiccInfo1 = "%%%not-base64%%%"
        let code = try #require(code { _ = try body.message() })
        #expect(code.reasonCode == .invalid)
    }

    @Test("truncated DER is invalid (1.1/2.1)")
    func truncatedDER() throws {
        var body = try recorded(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest)
        let text = try #require(body.authenticateServerResponse)
        let bytes = try #require(Data(base64Encoded: text))
        body.authenticateServerResponse = bytes.prefix(bytes.count - 10).base64EncodedString()
        let code = try #require(code { _ = try body.message() })
        #expect(code.reasonCode == .invalid)
    }

    @Test("DER with trailing bytes is invalid (1.1/2.1)")
    func trailingBytes() throws {
        var body = try recorded(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest)
        let text = try #require(body.prepareDownloadResponse)
        let bytes = try #require(Data(base64Encoded: text))
        body.prepareDownloadResponse = (bytes + [0x00]).base64EncodedString()
        #expect(code { _ = try body.message() }?.reasonCode == .invalid)
    }

    @Test("a euiccChallenge that is not 16 bytes is invalid")
    func shortChallenge() throws {
        var body = try recorded(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest)
        body.euiccChallenge = Data(repeating: 1, count: 15).base64EncodedString()
        #expect(code { _ = try body.message() }?.reasonCode == .invalid)
    }

    @Test("a transactionId that is not hex, empty or over 16 bytes is invalid", arguments: ["XYZ", "", "ABC", String(repeating: "00", count: 17)])
    func badTransactionId(value: String) throws {
        var body = try recorded(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest)
        body.transactionId = value
        #expect(code { _ = try body.message() }?.reasonCode == .invalid)
    }

    @Test("a missing transactionId is 'mandatory element missing'")
    func missingTransactionId() throws {
        var body = try recorded(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest)
        body.transactionId = nil
        #expect(code { _ = try body.message() }?.reasonCode == .mandatoryElementMissing)
    }

    @Test("a signature without its 5F37 tag is rejected in a response")
    func signatureWithoutTag() throws {
        var body = try recorded(InitiateAuthenticationResponseBody.self, RecordedSession.initiateResponse)
        let text = try #require(body.serverSignature1)
        let bytes = try #require(Data(base64Encoded: text))
        body.serverSignature1 = Data([0x04] + bytes.dropFirst(2)).base64EncodedString()
        #expect(code { _ = try body.message() }?.reasonCode == .invalid)
    }

    @Test("a notification of the wrong type is invalid")
    func wrongNotificationType() throws {
        let body = HandleNotificationRequestBody(pendingNotification: Data([0x04, 0x01, 0x00]).base64EncodedString())
        #expect(code { _ = try body.message() }?.reasonCode == .invalid)
    }
}
