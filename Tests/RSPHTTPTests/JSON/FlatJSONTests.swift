import Foundation
import RSPCore
import RSPTestSupport
import Testing

@testable import RSPHTTP

/// `FlatJSON` must read the ordinary ES9+ bodies (else it saves nothing) and must read each one
/// as `JSONDecoder` does, leaving everything else to `JSONDecoder`.
@Suite("FlatJSON: the ES9+ bodies exactly as JSONDecoder reads them, or left to it")
struct FlatJSONTests {
    /// A request body is read by all five request types (the others' keys are unknown to each);
    /// an executed answer by all nine, and as an answer by the four response types.
    static let request = FlatJSONAgreement.Taken(bodies: 5, executed: 0)
    static let answer = FlatJSONAgreement.Taken(bodies: 9, executed: 4)

    @Test("the recorded pySim bodies take the fast path")
    func recorded() throws {
        let requests = [
            RecordedSession.initiateRequest, RecordedSession.authenticateRequest, RecordedSession.bppRequest,
            RecordedSession.notificationRequest,
        ]
        for path in requests {
            #expect(FlatJSONAgreement.everyBody(try RecordedSession.data(path), path) == Self.request, "\(path)")
        }
        for path in [RecordedSession.initiateResponse, RecordedSession.authenticateResponse, RecordedSession.bppResponse] {
            #expect(FlatJSONAgreement.everyBody(try RecordedSession.data(path), path) == Self.answer, "\(path)")
        }
    }

    @Test("every recorded file, error session included, is read as JSONDecoder reads it or left to it")
    func everyRecordedFile() throws {
        var files = 0
        for folder in [Vectors.session.appendingPathComponent("messages"), Vectors.directory.appendingPathComponent("pysim-es9plus-errors")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(name).path))
                _ = FlatJSONAgreement.everyBody(data, name)
                files += 1
            }
        }
        #expect(files > 20)
    }

    @Test("bodies our encoders write take the fast path: spliced, JSONEncoder's and pretty-printed")
    func encoded() throws {
        let failed = StatusCode.malformedRequest.with(message: "bad / \"field\"")
        let requests: [any Encodable] = [
            try InitiateAuthenticationRequestBody(try RecordedSession.decode(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest).message()),
            try AuthenticateClientRequestBody(try RecordedSession.decode(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest).message()),
            try GetBoundProfilePackageRequestBody(try RecordedSession.decode(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest).message()),
            try HandleNotificationRequestBody(try RecordedSession.decode(HandleNotificationRequestBody.self, RecordedSession.notificationRequest).message()),
            CancelSessionRequestBody(transactionId: "A136211522C14BB6BC73A8B4B67B8F30", cancelSessionResponse: "v0EDgQEB"),
        ]
        let answers: [any Encodable] = [
            try InitiateAuthenticationResponseBody(try RecordedSession.initiateAuthenticationOk),
            try AuthenticateClientResponseBody(try RecordedSession.authenticateClientOk),
            try GetBoundProfilePackageResponseBody(try RecordedSession.getBoundProfilePackageOk),
            try GetBoundProfilePackageResponseBody(try RecordedSession.getBoundProfilePackageOk, header: ResponseHeader(
                functionExecutionStatus: .init(status: .executedWithWarning))),
            HeaderOnlyResponseBody(header: .executedSuccess),
        ]
        let pretty = RSPJSON.encoder()
        pretty.outputFormatting.insert(.prettyPrinted)
        for (bodies, expected) in [(requests, Self.request), (answers, Self.answer)] {
            for body in bodies {
                for data in [Data(try RSPJSON.encode(body)), try RSPJSON.encoder().encode(body), try pretty.encode(body)] {
                    #expect(FlatJSONAgreement.everyBody(data, "\(body)") == expected, "\(type(of: body))")
                }
                // `\/` in every base64 value longer than a few bytes: left to the decoder, which must agree.
                _ = FlatJSONAgreement.everyBody(try JSONEncoder().encode(body), "\(body), slashes escaped")
            }
        }
        for body in [HeaderOnlyResponseBody(header: .failed(failed)), HeaderOnlyResponseBody(header: .failed(.malformedRequest))] {
            #expect(FlatJSONAgreement.everyBody(Data(try RSPJSON.encode(body)), "\(body)") == .init(), "statusCodeData")
        }
    }

    @Test("the server and the client use the fast path's value")
    func callers() throws {
        let request = try RecordedSession.data(RecordedSession.bppRequest)
        #expect(try RSPJSON.decodeRequest(GetBoundProfilePackageRequestBody.self, from: request)
            == (try #require(FlatJSON.decode(GetBoundProfilePackageRequestBody.self, from: request))))
        let answer = try RecordedSession.data(RecordedSession.bppResponse)
        let body = try RSPJSONClient.decodeExecuted(GetBoundProfilePackageResponseBody.self, from: answer, function: "bpp") { $0 }
        #expect(body == (try #require(ExecutedResponse<GetBoundProfilePackageResponseBody>(flat: answer)).body))
    }

    static let executed = #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}}"#
    static let manyMembers = (0..<16).map { #""k\#($0)":"v""# }.joined(separator: ",")

    /// A body, and which readings take the fast path: request bodies, answers (`bodies`: 9,
    /// `executed`: 4), bodies only (a header that is not executed), or none.
    @Test("what the fast path reads and what it leaves to JSONDecoder", arguments: [
        ("{}", 5, 0), (" \t\r\n{ } \n", 5, 0), (#"{"transactionId":"0102"}"#, 5, 0),
        (#"{ "transactionId" : "0102" , "unknown" : "é" }"#, 0, 0), (#"{"transactionId":"0102","unknown":"x y"}"#, 5, 0),
        (#"{"transactionId":"01\/02"}"#, 0, 0), (#"{"transactionId":"0102","transactionId":"0102"}"#, 0, 0),
        (#"{"transactionId":5}"#, 0, 0), (#"{"transactionId":null}"#, 0, 0), (#"{"transactionId":true}"#, 0, 0),
        (#"{"transactionId":["01"]}"#, 0, 0), (#"{"transactionId":{"a":"b"}}"#, 0, 0), (#"{"transactionId":"0102"}x"#, 0, 0),
        (#"{"transactionId":"0102""#, 0, 0), (#"{"transactionId":"0102",}"#, 0, 0), (#"{,}"#, 0, 0), (#"{"transactionId""#, 0, 0),
        (#"{"transactionId":"é"}"#, 0, 0), ("{\"transactionId\":\"a\tb\"}", 0, 0), ("{\"transactionId\":\"a\u{7F}\"}", 0, 0),
        ("{\"euiccCiP\u{212A}IdToBeUsed\":\"BBQ=\"}", 0, 0), (#"{"transactionId":"01","transactionId":"02"}"#, 0, 0),
        // JSONDecoder matches keys as `String`s: U+212A KELVIN SIGN is "K", so this is euiccCiPKIdToBeUsed.
        (executed + ",\"euiccCiP\u{212A}IdToBeUsed\":\"BBQ=\"}", 0, 0), ("\u{FEFF}{}", 0, 0), ("{}\u{0C}", 0, 0),
        ("[]", 0, 0), ("null", 0, 0), (#""x""#, 0, 0), ("", 0, 0), ("{\(manyMembers)}", 5, 0), ("{\(manyMembers),\"k\":\"v\"}", 0, 0),
        (executed + "}", 9, 4), (executed + #","transactionId":"01"}"#, 9, 4),
        (#"{ "header" : { "functionExecutionStatus" : { "status" : "Executed-Success" } } , "x" : "" }"#, 9, 4),
        (#"{"header":{"functionExecutionStatus":{"status":"Executed-WithWarning"}}}"#, 9, 4),
        (#"{"header":{"functionExecutionStatus":{"status":"Failed"}}}"#, 9, 0),
        (#"{"header":{"functionExecutionStatus":{"status":"later"}}}"#, 9, 0),
        (#"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.1","reasonCode":"3.8"}}}}"#, 0, 0),
        (#"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":"8.1"}}}"#, 0, 0),
        (#"{"header":{"functionExecutionStatus":{"status":"Executed-Success","x":"y"}}}"#, 0, 0),
        (#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"},"x":"y"}}"#, 0, 0),
        (#"{"header":{"functionExecutionStatus":{"status":5}}}"#, 0, 0), (#"{"header":{"functionExecutionStatus":{}}}"#, 0, 0),
        (#"{"header":{}}"#, 0, 0), (#"{"header":"Executed-Success"}"#, 0, 0), (#"{"header":null}"#, 0, 0),
        (executed + "," + executed.dropFirst() + "}", 0, 0), (executed + #","transactionId":5}"#, 0, 0),
    ])
    func cases(json: String, bodies: Int, executed: Int) {
        let taken = FlatJSONAgreement.everyBody(Data(json.utf8), json)
        #expect(taken == FlatJSONAgreement.Taken(bodies: bodies, executed: executed), "\(json)")
    }
}
