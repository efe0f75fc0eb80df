import AsyncHTTPClient
import Testing

@testable import RSPHTTP

/// Every OpenRSP client gets the same AsyncHTTPClient settings, whichever interface it serves.
@Suite("HTTP client settings")
struct HTTPClientSettingsTests {
    @Test("no tracing, no retried connection, no redirect, HTTP/1.1, the configured timeouts and connections")
    func settings() {
        let configuration = ES9PlusHTTPClient.Configuration(
            transport: .plainHTTP, connectTimeout: .seconds(3), requestTimeout: .seconds(7), connectionsPerServer: 5)
        let http = configuration.httpClient(tls: nil)
        #expect(http.tracing.tracer == nil)
        #expect(http.connectionPool.retryConnectionEstablishment == false)
        #expect(http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit == 5)
        #expect(http.httpVersion == .http1Only)
        #expect(http.timeout.connect == .seconds(3) && http.timeout.read == .seconds(7))
        #expect(http.tlsConfiguration == nil)
        #expect("\(http.redirectConfiguration)" == "\(HTTPClient.Configuration.RedirectConfiguration.disallow)")
    }
}
