import Hummingbird
import Logging
import RSPCore
import ServiceLifecycle
import X509

/// The SM-DS's ES12 listener (SGP.22 §5.9, §2.6.8): a `MutualTLSServer` serving `ES12Routes`,
/// HTTPS with a mandatory TLS client certificate chaining to the CI.
///
/// A swift-service-lifecycle `Service`, like `RSPServer`; `boundPort()` reports the port.
public struct ES12Server: Service {
    public var host: String { server.host }
    public var port: Int { server.port }
    public var tls: TLSOptions { server.tls }
    public var options: RSPServer.Options { server.options }
    public var logger: Logger { server.logger }
    let routes: ES12Routes
    private let server: MutualTLSServer

    /// - Parameters:
    ///   - tls: the SM-DS's TLS identity (CERT.DStls) and chain.
    ///   - clientTrust: the CA certificates (the CI) an SM-DP+'s client certificate must chain to.
    public init(
        service: any ES12Service, host: String = "127.0.0.1", port: Int = 8444, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es12")
    ) {
        self.routes = ES12Routes(service: service)
        self.server = MutualTLSServer(
            routeGroups: [routes], host: host, port: port, tls: tls, clientTrust: clientTrust, options: options, logger: logger)
    }

    public func makeRouter() -> Router<ES12RequestContext> {
        server.makeRouter()
    }

    /// The Hummingbird application; `run()` runs it.
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
