import Hummingbird
import Logging
import RSPCore
import ServiceLifecycle
import X509

/// The SM-DP+'s ES2+ listener (SGP.22 §5.3): a `MutualTLSServer` serving `ES2PlusRoutes`, HTTPS
/// with a mandatory TLS client certificate chaining to `clientTrust`. Operators are known by
/// their certificate (its SHA-256 fingerprint), so this listener is separate from the ES9+ one,
/// where devices connect without client certificates.
///
/// A swift-service-lifecycle `Service`, like `RSPServer`; `boundPort()` reports the port.
public struct ES2PlusServer: Service {
    public var host: String { server.host }
    public var port: Int { server.port }
    public var tls: TLSOptions { server.tls }
    public var options: RSPServer.Options { server.options }
    public var logger: Logger { server.logger }
    let routes: ES2PlusRoutes
    private let server: MutualTLSServer

    /// - Parameters:
    ///   - tls: the SM-DP+'s TLS identity (CERT.DPtls) and chain.
    ///   - clientTrust: the CA certificates operators' client certificates must chain to.
    public init(
        service: any ES2PlusService, host: String = "127.0.0.1", port: Int = 8445, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es2plus")
    ) {
        self.routes = ES2PlusRoutes(service: service)
        self.server = MutualTLSServer(
            routeGroups: [routes], host: host, port: port, tls: tls, clientTrust: clientTrust, options: options, logger: logger)
    }

    public func makeRouter() -> Router<MutualTLSRequestContext> {
        server.makeRouter()
    }

    /// The Hummingbird application; `run()` runs it. Tests use it with HummingbirdTesting.
    public func makeApplication() throws -> some ApplicationProtocol {
        try server.makeApplication()
    }

    public func run() async throws {
        try await server.run()
    }

    /// The port the server listens on; waits until it does, throws `ServerStopped` if it stopped.
    public func boundPort() async throws -> Int {
        try await server.boundPort()
    }
}
