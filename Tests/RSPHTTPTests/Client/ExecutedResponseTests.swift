import Foundation
import RSPCore
import Testing

@testable import RSPHTTP

/// The client reads an answer in one JSON pass; it must conclude exactly what the two-pass reading
/// (header first, then the whole body again) concluded, for every kind of answer.
@Suite("ES9+ and ES2+ clients: one-pass answer reading matches the two-pass reading")
struct ExecutedResponseTests {
    /// The reading the clients did before: `checkExecuted`, then the body decoded on its own.
    static func twoPass<Body: Decodable, Message>(
        _ type: Body.Type, from data: Data, function: String, _ message: (Body) throws -> Message
    ) throws -> Message {
        try RSPJSONClient.checkExecuted(data, function: function)
        let body: Body
        do {
            body = try RSPJSON.decoder().decode(type, from: data)
        } catch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function, reason: "fields do not match the JSON binding")
        }
        return try RSPJSONClient.message(of: body, function: function, message)
    }

    /// What a reading concluded: the message, the server's status code, or the client error.
    static func outcome<Message>(_ read: () throws -> Message) -> String {
        do {
            return "message \(try read())"
        } catch let code as StatusCode {
            return "status \(code.subjectCode.rawValue)/\(code.reasonCode.rawValue) \(code.message ?? "")"
        } catch {
            return "error \(error)"
        }
    }

    static func json(_ text: String) -> Data { Data(text.utf8) }

    static let failed = #"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.8","reasonCode":"3.10","message":"no eligible profile"}}}}"#
    static let answers: [(String, Data)] = [
        ("failed with a status code", json(failed)),
        ("failed without statusCodeData", json(#"{"header":{"functionExecutionStatus":{"status":"Failed"}}}"#)),
        ("expired", json(#"{"header":{"functionExecutionStatus":{"status":"Expired","statusCodeData":{"subjectCode":"8.1","reasonCode":"6.4"}}}}"#)),
        ("unknown status", json(#"{"header":{"functionExecutionStatus":{"status":"Later"}}}"#)),
        ("not JSON", json("<html>502</html>")),
        ("empty", Data()),
        ("no header", json(#"{"transactionId":"01"}"#)),
        ("header of the wrong type", json(#"{"header":5}"#)),
        ("executed, no fields", json(#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}}}"#)),
        ("executed with warning, no fields", json(#"{"header":{"functionExecutionStatus":{"status":"Executed-WithWarning"}}}"#)),
        ("executed, a field of the wrong JSON type", json(#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":5}"#)),
        ("executed, a field that is not base64", json(#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"0102","serverSigned1":"%%%","serverSignature1":"%%%","euiccCiPKIdToBeUsed":"%%%","serverCertificate":"%%%","boundProfilePackage":"%%%"}"#)),
    ]

    @Test("recorded answers and every kind of failure: same message or same error, for each response body")
    func sameOutcome() throws {
        var cases = Self.answers
        for path in [RecordedSession.initiateResponse, RecordedSession.authenticateResponse, RecordedSession.bppResponse] {
            cases.append((path, try RecordedSession.data(path)))
        }
        for name in ["01-downloadOrder.resp.json", "02-downloadOrder.resp.json", "03-confirmOrder.resp.json", "04-cancelOrder.resp.json"] {
            cases.append((name, try ES2PlusRecordedBodiesTests.data(name)))
        }
        for (name, data) in cases {
            func check<Body: Decodable, Message>(_ type: Body.Type, _ message: (Body) throws -> Message) {
                let function = String(describing: Body.self)
                let old = Self.outcome { try Self.twoPass(type, from: data, function: function, message) }
                let new = Self.outcome { try RSPJSONClient.decodeExecuted(type, from: data, function: function, message) }
                #expect(new == old, "\(name) as \(function)")
            }
            check(InitiateAuthenticationResponseBody.self) { try $0.message() }
            check(AuthenticateClientResponseBody.self) { try $0.message() }
            check(GetBoundProfilePackageResponseBody.self) { try $0.message() }
            check(HeaderOnlyResponseBody.self) { _ in () }
            check(DownloadOrderResponseBody.self) { try $0.message() }
            check(ConfirmOrderResponseBody.self) { try $0.message() }
        }
    }

    @Test("a recorded executed answer yields its message; a Failed one throws the server's status code")
    func outcomes() throws {
        let data = try RecordedSession.data(RecordedSession.bppResponse)
        let ok = try RSPJSONClient.decodeExecuted(GetBoundProfilePackageResponseBody.self, from: data, function: "bpp") { try $0.message() }
        let expected = try RecordedSession.getBoundProfilePackageOk
        #expect(ok == expected)
        #expect(throws: StatusCode.self) {
            try RSPJSONClient.decodeExecuted(HeaderOnlyResponseBody.self, from: Self.json(Self.failed), function: "x") { _ in () }
        }
    }
}
