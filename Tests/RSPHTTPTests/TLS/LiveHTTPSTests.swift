import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import RSPCore
import RSPCrypto
import RSPHTTP
import Testing

/// A real HTTPS server on 127.0.0.1 (ephemeral port) with a generated SGP.22 PKI: the LPA's
/// client authenticates CERT.DPtls against the CI, and nothing else.
@Suite("Live ES9+ over HTTPS on loopback")
struct LiveHTTPSTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }
    static let otherPKI: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }

    func server(_ service: FakeES9PlusService, pki: RSPPKI, tls: Bool = true) -> RSPServer {
        RSPServer(
            service: service, host: "127.0.0.1", port: 0,
            tls: tls ? TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]) : nil)
    }

    func initiateRequest() throws -> InitiateAuthenticationRequest {
        try RecordedSession.decode(InitiateAuthenticationRequestBody.self, RecordedSession.initiateRequest).message()
    }

    @Test("a client trusting the CI runs every ES9+ function against the server (pooled or single connection)",
          arguments: [false, true])
    func trustedCI(singleConnection: Bool) async throws {
        let pki = try Self.pki.get()
        let service = FakeES9PlusService()
        let server = server(service, pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            #expect(port > 0)
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .https(trust: .only([pki.ci.certificate])), singleConnection: singleConnection)
            ) { client in
                let ok = try await client.initiateAuthentication(try initiateRequest())
                #expect(ok == (try RecordedSession.initiateAuthenticationOk))
                let authenticate = try RecordedSession.decode(AuthenticateClientRequestBody.self, RecordedSession.authenticateRequest).message()
                #expect(try await client.authenticateClient(authenticate) == (try RecordedSession.authenticateClientOk))
                let bpp = try RecordedSession.decode(GetBoundProfilePackageRequestBody.self, RecordedSession.bppRequest).message()
                #expect(try await client.getBoundProfilePackage(bpp) == (try RecordedSession.getBoundProfilePackageOk))
                let notification = try RecordedSession.decode(HandleNotificationRequestBody.self, RecordedSession.notificationRequest).message()
                try await client.handleNotification(notification)
                try await client.cancelSession(CancelSessionRequestEs9(
                    transactionId: [0x01], cancelSessionResponse: try CancelSessionResponse(derBytes: [0xBF, 0x41, 0x03, 0x81, 0x01, 0x01])))
            }
        }
        #expect(await service.calls.count == 5)
    }

    /// An LPA ends its session by closing its connection; the same client then serves the next
    /// session on a new one (a new TCP connection and TLS handshake), as a device does.
    @Test("a single-connection client keeps one connection across calls, and opens a new one after closeConnection")
    func closeConnectionOpensANewOne() async throws {
        let pki = try Self.pki.get()
        let service = FakeES9PlusService()
        let server = server(service, pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .https(trust: .only([pki.ci.certificate])), singleConnection: true)
            ) { client in
                #expect(client.connectionsOpened == 0)
                _ = try await client.initiateAuthentication(try initiateRequest())
                _ = try await client.initiateAuthentication(try initiateRequest())
                #expect(client.connectionsOpened == 1)
                await client.closeConnection()
                await client.closeConnection()  // nothing open: nothing to do
                _ = try await client.initiateAuthentication(try initiateRequest())
                #expect(client.connectionsOpened == 2)
            }
        }
        #expect(await service.calls.count == 3)
    }

    @Test("a pooled client reports no connection count, and closeConnection leaves it working")
    func pooledClientCloseConnection() async throws {
        let pki = try Self.pki.get()
        let server = server(FakeES9PlusService(), pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .https(trust: .only([pki.ci.certificate])))
            ) { client in
                #expect(client.connectionsOpened == nil)
                await client.closeConnection()
                _ = try await client.initiateAuthentication(try initiateRequest())
            }
        }
    }

    @Test("the 'localhost' name in CERT.DPtls verifies too", arguments: [false, true])
    func hostName(singleConnection: Bool) async throws {
        let pki = try Self.pki.get()
        let server = server(FakeES9PlusService(), pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "localhost:\(port)", configuration: .init(transport: .https(trust: .systemRootsAnd([pki.ci.certificate])), singleConnection: singleConnection)
            ) { client in
                _ = try await client.initiateAuthentication(try initiateRequest())
            }
        }
    }

    @Test("a Failed status over HTTPS is thrown as the server's StatusCode", arguments: [false, true])
    func failedStatus(singleConnection: Bool) async throws {
        let pki = try Self.pki.get()
        let server = server(FakeES9PlusService(failingWith: StatusCode.invalidSMDPAddress), pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .https(trust: .only([pki.ci.certificate])), singleConnection: singleConnection)
            ) { client in
                await #expect(throws: StatusCode.invalidSMDPAddress) {
                    try await client.initiateAuthentication(try initiateRequest())
                }
            }
        }
    }

    @Test("a client trusting a different CI fails the TLS handshake, and the service is never called", arguments: [false, true])
    func untrustedCI(singleConnection: Bool) async throws {
        let pki = try Self.pki.get()
        let other = try Self.otherPKI.get()
        let service = FakeES9PlusService()
        let server = server(service, pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .https(trust: .only([other.ci.certificate])), singleConnection: singleConnection)
            ) { client in
                do {
                    _ = try await client.initiateAuthentication(try initiateRequest())
                    Issue.record("the handshake with an untrusted server succeeded")
                } catch let error as ES9PlusHTTPClientError {
                    guard case .tlsHandshakeFailed = error else {
                        Issue.record("expected a TLS handshake failure, got \(error)")
                        return
                    }
                }
            }
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("the server refuses TLS 1.2 suites outside SGP.22 (here ECDHE-ECDSA-AES256-GCM-SHA384)")
    func cipherSuitesEnforced() async throws {
        let pki = try Self.pki.get()
        let server = server(FakeES9PlusService(), pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            var tls = try RSPTLS.clientConfiguration(trust: .only([pki.ci.certificate]))
            tls.maximumTLSVersion = .tlsv12
            tls.cipherSuiteValues = [.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
            var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
            configuration.connectionPool.retryConnectionEstablishment = false
            try await HTTPClient.withHTTPClient(configuration: configuration) { http in
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)/gsma/rsp2/es9plus/initiateAuthentication")
                request.method = .POST
                await #expect(throws: (any Error).self) {
                    _ = try await http.execute(request, timeout: .seconds(10))
                }
                // The SGP.22 suite over TLS 1.2 is accepted.
                var sgp22 = try RSPTLS.clientConfiguration(trust: .only([pki.ci.certificate]))
                sgp22.maximumTLSVersion = .tlsv12
                var good = HTTPClient.Configuration(tlsConfiguration: sgp22)
                good.connectionPool.retryConnectionEstablishment = false
                try await HTTPClient.withHTTPClient(configuration: good) { http in
                    let response = try await http.execute(request, timeout: .seconds(60))
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test("plain HTTP mode (behind a TLS proxy) serves and a chunked oversized body is refused without a 500")
    func plainHTTP() async throws {
        let pki = try Self.pki.get()
        let service = FakeES9PlusService()
        let server = server(service, pki: pki, tls: false)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            try await ES9PlusHTTPClient.withClient(smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .plainHTTP)) { client in
                _ = try await client.initiateAuthentication(try initiateRequest())
            }
            try await HTTPClient.withHTTPClient { http in
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/gsma/rsp2/es9plus/initiateAuthentication")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-Admin-Protocol", value: "gsma/rsp/v2.2.2")
                // No Content-Length: the body streams in chunks and the limit applies while reading.
                let chunks = (0..<40).map { _ in ByteBuffer(repeating: UInt8(ascii: "a"), count: 4096) }
                request.body = .stream(Self.stream(chunks), length: .unknown)
                let response = try await http.execute(request, timeout: .seconds(60))
                #expect(response.status == .ok)
                let body = try await response.body.collect(upTo: 1 << 16)
                let header = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: Data(body.readableBytesView)).header
                #expect(header.functionExecutionStatus.status == .failed)
                #expect(header.functionExecutionStatus.statusCodeData?.reasonCode == "2.1")
            }
            // The server still answers.
            try await ES9PlusHTTPClient.withClient(smdpAddress: "127.0.0.1:\(port)", configuration: .init(transport: .plainHTTP)) { client in
                _ = try await client.initiateAuthentication(try initiateRequest())
            }
        }
    }

    @Test("boundPort throws once the server stopped, and a second server on the same port fails to start")
    func lifecycle() async throws {
        let pki = try Self.pki.get()
        let first = server(FakeES9PlusService(), pki: pki)
        try await withRunningServices([first]) {
            let port = try await first.boundPort()
            let second = RSPServer(service: FakeES9PlusService(), host: "127.0.0.1", port: port, tls: nil)
            await #expect(throws: (any Error).self) { try await second.run() }
            await #expect(throws: ServerStopped.self) { _ = try await second.boundPort() }
        }
        await #expect(throws: ServerStopped.self) { _ = try await first.boundPort() }
    }

    @Test("a closing server waits at most a second for the client's close_notify, not NIOSSL's five")
    func serverShutdownTimeout() throws {
        let configuration = try TLSOptions(identity: try Self.pki.get().dpTLS).serverConfiguration()
        #expect(configuration.shutdownTimeout == RSPTLS.serverShutdownTimeout)
        #expect(configuration.shutdownTimeout <= .seconds(1))
    }

    @Test("the client refuses an address that is not host[:port]", arguments: ["", "evil.example/path", "a b", "user@host"])
    func invalidAddress(address: String) throws {
        #expect(throws: ES9PlusHTTPClientError.invalidAddress(address)) {
            _ = try ES9PlusHTTPClient(smdpAddress: address, configuration: .init(transport: .plainHTTP))
        }
    }
}

extension LiveHTTPSTests {
    static func stream(_ elements: [ByteBuffer]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for element in elements { continuation.yield(element) }
            continuation.finish()
        }
    }
}
