import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RSPCore
import RSPCrypto
import RSPHTTP
import Testing

/// ES11 on an SM-DS listener: in-process against a fake service, and live over HTTPS.
@Suite("ES11 routes and client: ES9+ paths on the SM-DS, events in AuthenticateClient")
struct ES11RoutesTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }

    func withServer(_ service: FakeES11Service, _ test: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        let server = RSPServer(routeGroups: [ES11Routes(service: service)], port: 0, tls: nil)
        try await server.makeApplication().test(.router, test)
    }

    static func post(_ client: any TestClientProtocol, _ function: ES9PlusFunction, body: Data) async throws -> TestResponse {
        try await client.execute(uri: function.path, method: .post, headers: ES9PlusRoutesTests.headers(), body: ByteBuffer(bytes: body))
    }

    static func authenticateRequest() throws -> AuthenticateClientRequest {
        try RecordedSession.decode(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest).message()
    }

    @Test("initiateAuthentication on the SM-DS answers the ES9+ response body")
    func initiateAuthentication() async throws {
        let service = FakeES11Service()
        try await withServer(service) { client in
            let response = try await Self.post(client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
            let body = Data(response.body.readableBytesView)
            #expect(try RecordedSession.stringFields(body) == (try RecordedSession.stringFields(try RecordedSession.data(RecordedSession.initiateResponse))))
        }
        #expect(await service.calls.count == 1)
    }

    @Test("authenticateClient answers the transaction id and the registered events")
    func authenticateClient() async throws {
        let service = FakeES11Service()
        try await withServer(service) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
            let body = try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: Data(response.body.readableBytesView))
            let ok = try body.message()
            #expect(ok.eventEntries == FakeES11Service.events)
            #expect(ok.transactionId == (try Self.authenticateRequest()).transactionId)
        }
        #expect(await service.calls == [.authenticateClient(try Self.authenticateRequest())])
    }

    @Test("a StatusCode thrown by the SM-DS is rendered as Failed with that code", arguments: [
        ES9PlusFunction.initiateAuthentication, .authenticateClient,
    ])
    func failedStatus(function: ES9PlusFunction) async throws {
        let request = function == .initiateAuthentication ? RecordedSession.initiateRequest : RecordedSession.authenticateRequest
        try await withServer(FakeES11Service(failingWith: StatusCode.euiccCertificateInvalid)) { client in
            let response = try await Self.post(client, function, body: try RecordedSession.data(request))
            #expect(try ES9PlusRoutesTests.failure(response) == StatusCode.euiccCertificateInvalid)
        }
    }

    @Test("malformed bodies get SGP.22 JSON errors and never reach the service", arguments: [
        (ES9PlusFunction.authenticateClient, "not json", "2.1"),
        (.authenticateClient, #"{"transactionId":"01"}"#, "2.2"),
        (.authenticateClient, #"{"transactionId":"01","authenticateServerResponse":"AAAA"}"#, "2.1"),
        (.initiateAuthentication, #"{"euiccChallenge":"AAAA","euiccInfo1":"AAAA","smdpAddress":"x"}"#, "2.1"),
        (.initiateAuthentication, "{}", "2.2"),
    ])
    func malformedBodies(function: ES9PlusFunction, body: String, reason: String) async throws {
        let service = FakeES11Service()
        try await withServer(service) { client in
            let response = try await Self.post(client, function, body: Data(body.utf8))
            let code = try ES9PlusRoutesTests.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode.rawValue == reason)
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("the ES9+-only functions are not served on the SM-DS listener")
    func noProfileDownload() async throws {
        try await withServer(FakeES11Service()) { client in
            let response = try await Self.post(client, .getBoundProfilePackage, body: try RecordedSession.data(RecordedSession.bppRequest))
            #expect(response.status == .notFound)
        }
    }

    @Test("ES11HTTPClient runs ES11 live over TLS with CERT.DStls, and Failed statuses are thrown")
    func liveTLS() async throws {
        let pki = try Self.pki.get()
        let service = FakeES11Service()
        let server = RSPServer(
            routeGroups: [ES11Routes(service: service)], host: "127.0.0.1", port: 0,
            tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]))
        let failing = RSPServer(
            routeGroups: [ES11Routes(service: FakeES11Service(failingWith: StatusCode.unknownTransactionID))], host: "127.0.0.1", port: 0,
            tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]))
        let initiate = try RecordedSession.decode(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest).message()
        try await withRunningServices([server, failing]) {
            let configuration = ES9PlusHTTPClient.Configuration(transport: .https(trust: .only([pki.ci.certificate])))
            try await ES11HTTPClient.withClient(smdsAddress: "127.0.0.1:\(try await server.boundPort())", configuration: configuration) { client in
                #expect(try await client.initiateAuthentication(initiate) == (try RecordedSession.initiateAuthenticationOk))
                let ok = try await client.authenticateClient(try Self.authenticateRequest())
                #expect(ok.eventEntries == FakeES11Service.events)
            }
            try await ES11HTTPClient.withClient(smdsAddress: "127.0.0.1:\(try await failing.boundPort())", configuration: configuration) { client in
                await #expect(throws: StatusCode.unknownTransactionID) { try await client.authenticateClient(try Self.authenticateRequest()) }
            }
        }
        #expect(await service.calls.count == 2)
    }
}
