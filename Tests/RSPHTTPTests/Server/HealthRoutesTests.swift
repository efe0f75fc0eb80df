import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RSPCrypto
import RSPHTTP
import Synchronization
import Testing

/// The load balancer's probes next to ES9+: in-process, and live over TLS.
@Suite("Health routes: /health/live always, /health/ready as the store answers, never why")
struct HealthRoutesTests {
    static let node = "node-1"

    /// A readiness answer the test flips.
    final class Readiness: Sendable {
        private let state: Mutex<Bool>
        init(_ ready: Bool) { state = Mutex(ready) }
        var ready: Bool {
            get { state.withLock { $0 } }
            set { state.withLock { $0 = newValue } }
        }
    }

    static func server(_ readiness: Readiness, timeout: Duration = .seconds(60), tls: TLSOptions? = nil) -> RSPServer {
        RSPServer(
            routeGroups: [
                ES9PlusRoutes(service: FakeES9PlusService()),
                HealthRoutes(nodeID: node, timeout: timeout) { readiness.ready },
            ],
            host: "127.0.0.1", port: 0, tls: tls)
    }

    static func body(_ response: TestResponse) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
    }

    @Test("ready: 200 with the node id; no SGP.22 headers needed")
    func ready() async throws {
        try await Self.server(Readiness(true)).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: HealthRoutes.readyPath, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try Self.body(response) == ["status": "ready", "node": Self.node])
        }
    }

    @Test("not ready: 503 with the status and node only; ready again once the store answers")
    func notReady() async throws {
        let readiness = Readiness(false)
        try await Self.server(readiness).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: HealthRoutes.readyPath, method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(try Self.body(response) == ["status": "unavailable", "node": Self.node])
            readiness.ready = true
            #expect(try await client.execute(uri: HealthRoutes.readyPath, method: .get).status == .ok)
        }
    }

    @Test("live: 200 whether or not the store answers")
    func live() async throws {
        for ready in [true, false] {
            try await Self.server(Readiness(ready)).makeApplication().test(.router) { client in
                let response = try await client.execute(uri: HealthRoutes.livePath, method: .get)
                #expect(response.status == .ok)
                #expect(try Self.body(response) == ["status": "live", "node": Self.node])
            }
        }
    }

    @Test("a check that hangs is answered unavailable at the timeout")
    func hangingCheck() async throws {
        let server = RSPServer(
            routeGroups: [HealthRoutes(nodeID: Self.node, timeout: .milliseconds(100)) {
                // Far longer than any test run: only the route's timeout can answer.
                try? await Task.sleep(for: .seconds(120))
                return true
            }],
            port: 0, tls: nil)
        try await server.makeApplication().test(.router) { client in
            let started = ContinuousClock.now
            let response = try await client.execute(uri: HealthRoutes.readyPath, method: .get)
            #expect(response.status == .serviceUnavailable)
            // Well before the check would have answered (a loaded CI machine can be slow to
            // schedule the timeout, so the bound is not the 100 ms itself).
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }

    @Test("ES9+ is still served next to the probes")
    func es9PlusAlongside() async throws {
        try await Self.server(Readiness(true)).makeApplication().test(.router) { client in
            let response = try await ES9PlusRoutesTests.post(
                client, .initiateAuthentication, body: try RecordedSession.data(RecordedSession.initiateRequest))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
        }
    }

    @Test("over a real TLS listener: ready, then unavailable, live throughout")
    func liveTLS() async throws {
        let pki = try LiveHTTPSTests.pki.get()
        let readiness = Readiness(true)
        let server = Self.server(readiness, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]))
        let tls = try RSPTLS.clientConfiguration(trust: .only([pki.ci.certificate]))
        try await withRunningServices([server]) {
            let base = "https://localhost:\(try await server.boundPort())"
            // Shut down before the server stops: its graceful shutdown waits for open connections.
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
            func get(_ path: String) async throws -> (UInt, [String: String]) {
                let response = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(60))
                let body = try await response.body.collect(upTo: 4096)
                return (response.status.code, try JSONDecoder().decode([String: String].self, from: Data(body.readableBytesView)))
            }
            do {
                #expect(try await get(HealthRoutes.readyPath) == (200, ["status": "ready", "node": Self.node]))
                readiness.ready = false
                #expect(try await get(HealthRoutes.readyPath) == (503, ["status": "unavailable", "node": Self.node]))
                #expect(try await get(HealthRoutes.livePath).0 == 200)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}
