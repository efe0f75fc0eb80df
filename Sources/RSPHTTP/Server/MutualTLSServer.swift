import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import X509

/// An SGP.22 HTTPS listener that requires a TLS client certificate chaining to trusted CAs:
/// the SM-DS's ES12 (§2.6.8) and the SM-DP+'s ES2+ (§5.3) run on it. A client without a
/// certificate, or with one from another CA, fails the handshake and never reaches a route.
///
/// There is no plain-HTTP mode: the client certificate is the only authentication of the
/// caller, so TLS cannot be terminated elsewhere. A swift-service-lifecycle `Service`, like
/// `RSPServer`; `boundPort()` reports the port once bound (port 0 picks a free one).
public struct MutualTLSServer: Service {
    public let host: String
    public let port: Int
    public let tls: TLSOptions
    public let options: RSPServer.Options
    public let logger: Logger
    let routeGroups: [any MutualTLSRouteGroup]
    private let readiness = ServerReadiness()

    /// - Parameters:
    ///   - tls: the server's TLS identity and chain.
    ///   - clientTrust: the CA certificates a client certificate must chain to; it replaces
    ///     `tls.clientCertificateTrust`. An empty list refuses every client.
    public init(
        routeGroups: [any MutualTLSRouteGroup], host: String, port: Int, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger
    ) {
        var tls = tls
        tls.clientCertificateTrust = clientTrust
        self.routeGroups = routeGroups
        self.host = host
        self.port = port
        self.tls = tls
        self.options = options
        self.logger = logger
    }

    public func makeRouter() -> Router<MutualTLSRequestContext> {
        let router = Router(context: MutualTLSRequestContext.self)
        for group in routeGroups {
            group.register(on: router, options: options)
        }
        return router
    }

    /// The Hummingbird application; `run()` runs it.
    public func makeApplication() throws -> some ApplicationProtocol {
        readiness.application(
            router: makeRouter(), server: try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration()), host: host,
            port: port, eventLoopGroup: options.eventLoopGroup, logger: logger)
    }

    public func run() async throws {
        try await readiness.run(try makeApplication())
    }

    /// The port the server listens on; waits until it does, throws `ServerStopped` if it stopped.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }
}
