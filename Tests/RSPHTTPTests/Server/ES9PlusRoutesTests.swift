import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RSPCore
import RSPHTTP
import Testing

/// Every ES9+ route in-process (HummingbirdTesting's router client) against a fake service.
@Suite("ES9+ routes: bodies, SGP.22 errors with HTTP 200, and the server keeps answering")
struct ES9PlusRoutesTests {
    static let adminProtocol = HTTPField.Name("X-Admin-Protocol")!

    static func headers(contentType: String? = "application/json", adminProtocol: String? = "gsma/rsp/v2.5.0") -> HTTPFields {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        if let adminProtocol { fields[Self.adminProtocol] = adminProtocol }
        return fields
    }

    func withServer(
        _ service: FakeES9PlusService = FakeES9PlusService(), maxBody: Int = 64 * 1024,
        _ test: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let server = RSPServer(service: service, port: 0, tls: nil, options: .init(maxRequestBodySize: maxBody))
        try await server.makeApplication().test(.router, test)
    }

    static func post(
        _ client: any TestClientProtocol, _ function: ES9PlusFunction, body: Data, headers: HTTPFields = headers()
    ) async throws -> TestResponse {
        try await client.execute(uri: function.path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// The function execution status of a JSON response, after checking the SGP.22 framing.
    static func status(_ response: TestResponse) throws -> FunctionExecutionStatus {
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        #expect(response.headers[adminProtocol] == "gsma/rsp/v2.2.2")
        let data = Data(response.body.readableBytesView)
        return try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: data).header.functionExecutionStatus
    }

    static func failure(_ response: TestResponse) throws -> StatusCode {
        let status = try status(response)
        #expect(status.status == .failed)
        return try #require(status.statusCodeData).statusCode
    }

    /// A valid request still succeeds: a failure before did not break the server.
    static func expectStillServing(_ client: any TestClientProtocol) async throws {
        let response = try await post(client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest))
        #expect(try status(response).status == .executedSuccess)
    }

    // MARK: Success

    @Test("initiateAuthentication answers the recorded response body, and the service got the decoded request")
    func initiateAuthentication() async throws {
        let service = FakeES9PlusService()
        try await withServer(service) { client in
            let response = try await Self.post(client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest))
            #expect(try Self.status(response).status == .executedSuccess)
            let body = Data(response.body.readableBytesView)
            #expect(try RecordedSession.stringFields(body) == (try RecordedSession.stringFields(try RecordedSession.data(RecordedSession.initiateResponse))))
        }
        let expected = try RecordedSession.decode(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest).message()
        #expect(await service.calls == [.initiateAuthentication(expected)])
    }

    @Test("authenticateClient and getBoundProfilePackage answer the recorded bodies", arguments: [
        (ES9PlusFunction.authenticateClient, RecordedSession.authenticateRequest, RecordedSession.authenticateResponse),
        (ES9PlusFunction.getBoundProfilePackage, RecordedSession.bppRequest, RecordedSession.bppResponse),
    ])
    func recordedExchanges(function: ES9PlusFunction, request: String, response: String) async throws {
        try await withServer { client in
            let answer = try await Self.post(client, function, body: try RecordedSession.data(request))
            #expect(try Self.status(answer).status == .executedSuccess)
            let body = Data(answer.body.readableBytesView)
            #expect(try RecordedSession.stringFields(body) == (try RecordedSession.stringFields(try RecordedSession.data(response))))
        }
    }

    @Test("handleNotification answers HTTP 204 with no body")
    func handleNotification() async throws {
        let service = FakeES9PlusService()
        try await withServer(service) { client in
            let response = try await Self.post(client, .handleNotification, body: try RecordedSession.data(RecordedSession.notificationRequest))
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            #expect(response.headers[Self.adminProtocol] == "gsma/rsp/v2.2.2")
        }
        #expect(await service.calls.count == 1)
    }

    @Test("cancelSession answers a header-only Executed-Success")
    func cancelSession() async throws {
        let request = CancelSessionRequestEs9(
            transactionId: [0x01, 0x02], cancelSessionResponse: try CancelSessionResponse(derBytes: [0xBF, 0x41, 0x03, 0x81, 0x01, 0x01]))
        let body = try RSPJSON.encoder().encode(try CancelSessionRequestBody(request))
        let service = FakeES9PlusService()
        try await withServer(service) { client in
            let response = try await Self.post(client, .cancelSession, body: body)
            #expect(try Self.status(response).status == .executedSuccess)
            let object = try RecordedSession.object(Data(response.body.readableBytesView))
            #expect(Set(object.keys) == ["header"])
        }
        #expect(await service.calls == [.cancelSession(request)])
    }

    // MARK: Failures

    @Test("a StatusCode thrown by the service is rendered as Failed with that code, on every route", arguments: ES9PlusFunction.allCases)
    func serviceStatusCode(function: ES9PlusFunction) async throws {
        let service = FakeES9PlusService(failingWith: StatusCode.unknownTransactionID)
        let requests: [ES9PlusFunction: String] = [
            .initiateAuthentication: RecordedSession.initiateRequest, .authenticateClient: RecordedSession.authenticateRequest,
            .getBoundProfilePackage: RecordedSession.bppRequest, .handleNotification: RecordedSession.notificationRequest,
        ]
        let body: Data =
            if let path = requests[function] {
                try RecordedSession.data(path)
            } else {
                Data(#"{"transactionId":"0102","cancelSessionResponse":"v0EDgQEB"}"#.utf8)
            }
        try await withServer(service) { client in
            let response = try await Self.post(client, function, body: body)
            #expect(try Self.failure(response) == StatusCode.unknownTransactionID)
        }
    }

    @Test("any other error is 1.2/4.2 execution error, never HTTP 500, and its text is not sent")
    func unexpectedError() async throws {
        struct SecretLeak: Error, CustomStringConvertible { var description: String { "private key 0xDEADBEEF" } }
        let service = FakeES9PlusService(failingWith: SecretLeak())
        try await withServer(service) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            let code = try Self.failure(response)
            #expect(code.subjectCode == .functionProvider)
            #expect(code.reasonCode == .executionError)
            #expect(!String(decoding: Data(response.body.readableBytesView), as: UTF8.self).contains("DEADBEEF"))
            await service.fail(with: nil)
            try await Self.expectStillServing(client)
        }
    }

    @Test("malformed bodies get SGP.22 JSON errors with HTTP 200", arguments: [
        ("{}", "2.2"),
        ("not json at all", "2.1"),
        (#"{"euiccChallenge":"!!!","euiccInfo1":"vyA=","smdpAddress":"x"}"#, "2.1"),
        (#"{"euiccChallenge":"sAAdkVfDkZAlU5N9U4jasw==","euiccInfo1":"vyA1ggMCBA==","smdpAddress":"x"}"#, "2.1"),
    ])
    func malformedBodies(body: String, reason: String) async throws {
        try await withServer { client in
            let response = try await Self.post(client, .initiateAuthentication, body: Data(body.utf8))
            let code = try Self.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode.rawValue == reason)
            try await Self.expectStillServing(client)
        }
    }

    @Test("a wrong or missing Content-Type gets an SGP.22 JSON error, not text/html", arguments: ["text/plain", "application/xml", nil] as [String?])
    func wrongContentType(contentType: String?) async throws {
        try await withServer { client in
            let response = try await Self.post(
                client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest),
                headers: Self.headers(contentType: contentType))
            let code = try Self.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode == .invalid)
            try await Self.expectStillServing(client)
        }
    }

    @Test("Content-Type with a charset parameter is accepted")
    func contentTypeWithCharset() async throws {
        try await withServer { client in
            let response = try await Self.post(
                client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest),
                headers: Self.headers(contentType: "application/json;charset=UTF-8"))
            #expect(try Self.status(response).status == .executedSuccess)
        }
    }

    @Test("a missing, malformed or v3 X-Admin-Protocol is refused", arguments: [
        (nil, "2.2"), ("gsma/rsp/v2", "2.1"), ("http/1.1", "2.1"), ("gsma/rsp/v3.0.0", "3.1"),
    ] as [(String?, String)])
    func adminProtocol(value: String?, reason: String) async throws {
        let service = FakeES9PlusService()
        try await withServer(service) { client in
            let response = try await Self.post(
                client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest),
                headers: Self.headers(adminProtocol: value))
            let code = try Self.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode.rawValue == reason)
            try await Self.expectStillServing(client)
        }
        #expect(await service.calls.count == 1)
    }

    @Test("a body over the limit is refused with an SGP.22 error and the service is not called")
    func hugeBody() async throws {
        let service = FakeES9PlusService()
        try await withServer(service, maxBody: 4096) { client in
            let huge = Data(#"{"smdpAddress":""#.utf8) + Data(repeating: UInt8(ascii: "a"), count: 1_000_000) + Data(#""}"#.utf8)
            let response = try await Self.post(client, .initiateAuthentication, body: huge)
            let code = try Self.failure(response)
            #expect(code.reasonCode == .invalid)
            #expect(code.message?.contains("4096") == true)
            try await Self.expectStillServing(client)
        }
        #expect(await service.calls.count == 1)
    }
}
