import NIOCore
import NIOPosix
import NIOSSL
import Testing

@testable import RSPHTTP

/// The dedicated keep-alive connection of a single-connection ES9+ client: one connection for
/// many calls, a new one when the server closed it, and every failure bounded and reported.
@Suite("HTTP/1.1 connection")
struct HTTP1ConnectionTests {
    func connection(
        to server: ScriptedHTTPServer, tls: TLSConfiguration? = nil, connectTimeout: TimeAmount = .seconds(5),
        requestTimeout: TimeAmount = .seconds(10), maxResponseSize: Int = 1 << 20
    ) throws -> HTTP1Connection {
        try HTTP1Connection(
            address: "127.0.0.1:\(server.port)", tls: tls, group: MultiThreadedEventLoopGroup.singleton,
            connectTimeout: connectTimeout, requestTimeout: requestTimeout, maxResponseSize: maxResponseSize,
            headers: RSPJSONClient.headers(userAgent: "test"))
    }

    @Test("calls one after another share one connection")
    func keepAlive() async throws {
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 100))
        let connection = try connection(to: server)
        for _ in 0..<3 {
            let response = try await connection.post(path: "/gsma/rsp2/es9plus/initiateAuthentication", body: Array("{}".utf8))
            #expect(response.status == 200 && response.body.count == 100)
        }
        #expect(server.connections == 1 && server.requests == 3)
        try await connection.shutdown()
        await server.stop()
    }

    /// Resolving the name for every connection cost a client about as much as its TLS key exchange.
    @Test("a host name is resolved once: after a disconnect the next connection goes to the address that answered")
    func keepsTheResolvedAddress() async throws {
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 10))
        let connection = try HTTP1Connection(
            address: "localhost:\(server.port)", tls: nil, group: MultiThreadedEventLoopGroup.singleton,
            connectTimeout: .seconds(5), requestTimeout: .seconds(10), maxResponseSize: 1 << 20,
            headers: RSPJSONClient.headers(userAgent: "test"))
        #expect(connection.keptAddress == nil)
        #expect(try await connection.post(path: "/x", body: []).status == 200)
        let kept = try #require(connection.keptAddress)
        #expect(kept.port == server.port)
        await connection.disconnect()
        #expect(try await connection.post(path: "/x", body: []).status == 200)
        #expect(connection.keptAddress == kept)
        #expect(server.connections == 2 && connection.connectionsOpened == 2)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("a kept address that no longer answers is forgotten: the name is resolved again and the call succeeds")
    func staleAddressIsResolvedAgain() async throws {
        let gone = try await ScriptedHTTPServer.start(.ok(bodySize: 10))
        let stale = try SocketAddress(ipAddress: "127.0.0.1", port: gone.port)
        await gone.stop()
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 10))
        let connection = try connection(to: server)
        connection.keep(stale)
        #expect(try await connection.post(path: "/x", body: []).status == 200)
        #expect(connection.keptAddress?.port == server.port)
        #expect(server.connections == 1)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("concurrent calls take turns on the one connection")
    func concurrentCalls() async throws {
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 10))
        let connection = try connection(to: server)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await connection.post(path: "/x", body: []).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        #expect(server.connections == 1 && server.requests == 8)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("after the server announced Connection: close, the next call opens a new connection",
          arguments: [ScriptedHTTPServer.Answer.okThenClose, .okThenDrop])
    func reconnects(answer: ScriptedHTTPServer.Answer) async throws {
        let server = try await ScriptedHTTPServer.start(answer)
        let connection = try connection(to: server)
        for _ in 0..<3 {
            #expect(try await connection.post(path: "/x", body: []).status == 200)
            // Let the close reach the client (a dropped connection found closed on write is
            // replaced as well; waiting makes the count exact). Bounded: 30 s.
            for _ in 0..<30_000 where connection.isConnected { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(server.connections == 3 && server.requests == 3)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("an answer larger than the limit fails the call and closes the connection, so the next starts clean")
    func responseTooLarge() async throws {
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 5000))
        let connection = try connection(to: server, maxResponseSize: 4096)
        for _ in 0..<2 {
            await #expect(throws: HTTP1ExchangeError.responseTooLarge) {
                _ = try await connection.post(path: "/x", body: [])
            }
        }
        #expect(server.connections == 2)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("a server that never answers fails the call after the request timeout")
    func timeout() async throws {
        let server = try await ScriptedHTTPServer.start(.silent)
        let connection = try connection(to: server, requestTimeout: .milliseconds(200))
        await #expect(throws: HTTP1ExchangeError.timedOut) {
            _ = try await connection.post(path: "/x", body: [])
        }
        // The server's count is kept on its own event loop: wait (bounded, 30 s) for it.
        for _ in 0..<30_000 where server.requests == 0 { try await Task.sleep(for: .milliseconds(1)) }
        #expect(server.requests == 1)
        try await connection.shutdown()
        await server.stop()
    }

    /// At a kept address too: only an address that refuses the TCP connection is stale. A server
    /// that accepted and then failed the handshake has answered, and a second handshake at the
    /// resolved name would fail the same way.
    @Test("a server that accepts but never completes the TLS handshake fails the call after the connect timeout, once",
          arguments: [false, true])
    func handshakeTimeout(atKeptAddress: Bool) async throws {
        let server = try await ScriptedHTTPServer.start(.mute)
        let connection = try connection(
            to: server, tls: TLSConfiguration.makeClientConfiguration(), connectTimeout: .milliseconds(300),
            requestTimeout: .seconds(60))
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: server.port)
        if atKeptAddress { connection.keep(address) }
        await #expect(throws: HTTP1ExchangeError.timedOut) {
            _ = try await connection.post(path: "/x", body: [])
        }
        #expect(server.requests == 0)
        if atKeptAddress { #expect(connection.keptAddress == address) }
        // A second attempt would have connected within a few milliseconds: give it time to show.
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connections == 1)
        try await connection.shutdown()
        await server.stop()
    }

    @Test("nobody listening fails the call; a call after shutdown fails without connecting")
    func refusedAndShutDown() async throws {
        let server = try await ScriptedHTTPServer.start(.ok(bodySize: 1))
        let connection = try connection(to: server)
        await server.stop()
        await #expect(throws: (any Error).self) {
            _ = try await connection.post(path: "/x", body: [])
        }
        try await connection.shutdown()
        await #expect(throws: HTTP1ExchangeError.closedBeforeSent) {
            _ = try await connection.post(path: "/x", body: [])
        }
    }

    @Test("addresses split into host and port", arguments: [
        ("smdp.example", 443, "smdp.example"), ("smdp.example:8443", 8443, "smdp.example"),
        ("127.0.0.1:1", 1, "127.0.0.1"), ("[::1]:9000", 9000, "::1"), ("[::1]", 443, "::1"),
    ])
    func split(address: String, port: Int, host: String) {
        let parts = HTTP1Connection.split(address, defaultPort: 443)
        #expect(parts?.host == host && parts?.port == port)
    }

    @Test("a malformed port is refused", arguments: ["h:", "h:0", "h:65536", "h:x", "a:1:2", "[::1]x", "[::1"])
    func malformed(address: String) {
        #expect(HTTP1Connection.split(address, defaultPort: 443) == nil)
    }
}
