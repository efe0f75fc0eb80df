import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import RSPCore
import RSPHTTP
import Testing

/// A listener with `RSPServer.Options.metrics` counts each SGP.22 call by outcome and times it;
/// `MetricsRoutes` exposes the figures in the Prometheus text format.
@Suite("Function metrics: calls by outcome and time to answer, in the Prometheus format")
struct FunctionMetricsTests {
    /// An ES9+ listener recording into a registry of its own, with the scrape route beside it.
    func withServer(
        _ service: FakeES9PlusService, _ test: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = FunctionMetrics(factory: PrometheusMetricsFactory(registry: registry), listener: "es9plus")
        let server = RSPServer(
            routeGroups: [ES9PlusRoutes(service: service), MetricsRoutes { registry.emitToBuffer() }],
            port: 0, tls: nil, options: .init(metrics: metrics))
        try await server.makeApplication().test(.router, test)
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(uri: MetricsRoutes.path, method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == MetricsRoutes.contentType)
        return String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    static func initiate(_ client: any TestClientProtocol) async throws {
        _ = try await ES9PlusRoutesTests.post(
            client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest))
    }

    @Test("a success and a failure are counted apart, the failure under its subject and reason code, and both are timed")
    func outcomes() async throws {
        let service = FakeES9PlusService()
        try await withServer(service) { client in
            try await Self.initiate(client)
            try await Self.initiate(client)
            await service.fail(with: StatusCode.unknownTransactionID)
            let answer = try await ES9PlusRoutesTests.post(
                client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            #expect(try ES9PlusRoutesTests.failure(answer) == .unknownTransactionID)

            let text = try await Self.scrape(client)
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(lines.contains(
                #"rsp_function_calls_total{listener="es9plus",function="initiateAuthentication",status="Executed-Success",subject_code="",reason_code=""} 2"#))
            #expect(lines.contains(
                #"rsp_function_calls_total{listener="es9plus",function="authenticateClient",status="Failed",subject_code="8.10.1",reason_code="3.9"} 1"#))
            #expect(lines.contains(#"rsp_function_duration_seconds_count{listener="es9plus",function="initiateAuthentication"} 2"#))
            #expect(lines.contains(#"rsp_function_duration_seconds_count{listener="es9plus",function="authenticateClient"} 1"#))
            #expect(!text.contains(#"function="authenticateClient",status="Executed-Success""#))
        }
    }

    @Test("a malformed body is counted as the SGP.22 failure it was answered with")
    func malformedRequest() async throws {
        try await withServer(FakeES9PlusService()) { client in
            let answer = try await ES9PlusRoutesTests.post(client, .getBoundProfilePackage, body: Data("{".utf8))
            let code = try ES9PlusRoutesTests.failure(answer)
            let text = try await Self.scrape(client)
            #expect(text.contains(
                #"function="getBoundProfilePackage",status="Failed",subject_code="\#(code.subjectCode.rawValue)",reason_code="\#(code.reasonCode.rawValue)"} 1"#))
        }
    }

    @Test("no label names a transaction, and a path no route serves adds no series")
    func boundedLabels() async throws {
        try await withServer(FakeES9PlusService()) { client in
            try await Self.initiate(client)
            let unknown = try await client.execute(
                uri: ES9PlusFunction.basePath + "/noSuchFunction", method: .post, headers: ES9PlusRoutesTests.headers(),
                body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            let text = try await Self.scrape(client)
            #expect(!text.contains("noSuchFunction"))
            let transactionId = try RecordedSession.initiateAuthenticationOk.transactionId.hex
            #expect(!text.lowercased().contains(transactionId.lowercased()))
            #expect(text.contains("initiateAuthentication"))
        }
    }

    @Test("without metrics the listener records nothing and still answers")
    func disabled() async throws {
        let registry = PrometheusCollectorRegistry()
        let server = RSPServer(
            routeGroups: [ES9PlusRoutes(service: FakeES9PlusService()), MetricsRoutes { registry.emitToBuffer() }],
            port: 0, tls: nil)
        try await server.makeApplication().test(.router) { client in
            try await Self.initiate(client)
            #expect(try await Self.scrape(client).isEmpty)
        }
    }
}
