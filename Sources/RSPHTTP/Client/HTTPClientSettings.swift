import AsyncHTTPClient
import NIOSSL

extension ES9PlusHTTPClient.Configuration {
    /// The AsyncHTTPClient settings of every OpenRSP client (ES9+, ES11, ES12, ES2+), over `tls`
    /// (nil: plain HTTP).
    func httpClient(tls: TLSConfiguration?) -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        http.tlsConfiguration = tls
        http.timeout = HTTPClient.Configuration.Timeout(connect: connectTimeout, read: requestTimeout)
        // A server that fails authentication will not pass on a retry: fail at once.
        http.connectionPool.retryConnectionEstablishment = false
        // SGP.22 names one server; following a redirect elsewhere would bypass that.
        http.redirectConfiguration = .disallow
        http.httpVersion = .http1Only
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerServer
        // No tracer is ever bootstrapped: without this, every request still opened a no-op span
        // and formatted the URL and sizes into its attributes.
        http.tracing.tracer = nil
        return http
    }
}
