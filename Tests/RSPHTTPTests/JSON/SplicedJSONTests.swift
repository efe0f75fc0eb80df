import Foundation
import RSPCore
import RSPTestSupport
import Testing

@testable import RSPHTTP

/// `RSPJSON.encode` must give the bytes `RSPJSON.encoder()` writes, for the recorded bodies and
/// for random field values, including those that need escaping (which take the encoder's path).
@Suite("SplicedJSON: the ES9+ bodies byte for byte as JSONEncoder writes them")
struct SplicedJSONTests {
    func expectEncoderBytes(_ body: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = Array(try RSPJSON.encoder().encode(body))
        #expect(try RSPJSON.encode(body) == expected, "\(body)", sourceLocation: sourceLocation)
    }

    @Test("the recorded bodies, every one written by SplicedJSON, not the encoder")
    func recorded() throws {
        func check<Body: Decodable & SplicedJSONBody>(_ type: Body.Type, _ path: String) throws {
            let body = try RecordedSession.decode(type, path)
            #expect(try SplicedJSON.object(body.splicedMembers) != nil, "\(path)")
            try expectEncoderBytes(body)
        }
        try check(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest)
        try check(InitiateAuthenticationResponseBody.self, RecordedSession.initiateResponse)
        try check(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest)
        try check(AuthenticateClientResponseBody.self, RecordedSession.authenticateResponse)
        try check(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest)
        try check(GetBoundProfilePackageResponseBody.self, RecordedSession.bppResponse)
        try check(HandleNotificationRequestBody.self, RecordedSession.notificationRequest)
        let package = try GetBoundProfilePackageResponseBody(try RecordedSession.getBoundProfilePackageOk)
        try expectEncoderBytes(package)
        var failed = package
        failed.header = .failed(StatusCode.malformedRequest.with(message: #"bad "field" \ / é"#))
        try expectEncoderBytes(failed)
        try expectEncoderBytes(HeaderOnlyResponseBody(header: .executedSuccess))
        try expectEncoderBytes(HeaderOnlyResponseBody(header: .failed(StatusCode.malformedRequest)))
    }

    @Test("random field values, absent ones and characters JSON must escape, in every body", arguments: 0..<6)
    func randomised(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=").map(String.init)
        let escaped = ["\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{2028}", "😀", " ", "<", "&"]
        func value() -> String? {
            switch random.next() % 8 {
            case 0: return nil
            case 1: return (0..<Int(random.next() % 40)).map { _ in (base64 + escaped)[Int(random.next() % UInt64(base64.count + escaped.count))] }.joined()
            default: return (0..<Int(random.next() % 3000)).map { _ in base64[Int(random.next() % UInt64(base64.count))] }.joined()
            }
        }
        func header() -> ResponseHeader {
            random.next() % 2 == 0 ? .executedSuccess
                : .failed(StatusCode.malformedRequest.with(message: (0..<8).map { _ in escaped[Int(random.next() % UInt64(escaped.count))] }.joined()))
        }
        for _ in 0..<40 {
            try expectEncoderBytes(InitiateAuthenticationRequestBody(euiccChallenge: value(), euiccInfo1: value(), smdpAddress: value()))
            var initiate = InitiateAuthenticationResponseBody(header: header())
            (initiate.transactionId, initiate.serverSigned1, initiate.serverSignature1) = (value(), value(), value())
            (initiate.euiccCiPKIdToBeUsed, initiate.serverCertificate) = (value(), value())
            try expectEncoderBytes(initiate)
            try expectEncoderBytes(AuthenticateClientRequestBody(transactionId: value(), authenticateServerResponse: value()))
            var authenticate = AuthenticateClientResponseBody(header: header())
            (authenticate.transactionId, authenticate.profileMetadata, authenticate.smdpSigned2) = (value(), value(), value())
            (authenticate.smdpSignature2, authenticate.smdpCertificate) = (value(), value())
            try expectEncoderBytes(authenticate)
            try expectEncoderBytes(GetBoundProfilePackageRequestBody(transactionId: value(), prepareDownloadResponse: value()))
            try expectEncoderBytes(GetBoundProfilePackageResponseBody(header: header(), transactionId: value(), boundProfilePackage: value()))
            try expectEncoderBytes(HandleNotificationRequestBody(pendingNotification: value()))
            try expectEncoderBytes(CancelSessionRequestBody(transactionId: value(), cancelSessionResponse: value()))
            try expectEncoderBytes(HeaderOnlyResponseBody(header: header()))
        }
    }

    @Test("verbatim means printable ASCII other than quote and backslash")
    func verbatim() {
        #expect(SplicedJSON.isVerbatim("AZaz09+/= ~!<>&"))
        #expect(SplicedJSON.isVerbatim(""))
        for escaped in ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀"] {
            #expect(!SplicedJSON.isVerbatim("abc" + escaped), "\(escaped.unicodeScalars.map(\.value))")
        }
    }
}
