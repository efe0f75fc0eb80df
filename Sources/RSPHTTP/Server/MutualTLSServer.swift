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
/// The trusted CAs may be a list read again for every new connection (`ClientTrustContexts`),
/// so a CA or operator certificate added while the server runs is trusted without a restart.
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
    private let contexts: ClientTrustContexts
    private let readiness = ServerReadiness()

    /// - Parameters:
    ///   - tls: the server's TLS identity and chain.
    ///   - clientTrust: the CA certificates a client certificate must chain to; it replaces
    ///     `tls.clientCertificateTrust`. An empty list refuses every client.
    public init(
        routeGroups: [any MutualTLSRouteGroup], host: String, port: Int, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger
    ) {
        self.init(routeGroups: routeGroups, host: host, port: port, tls: tls, options: options, logger: logger) { clientTrust }
    }

    /// - Parameters:
    ///   - tls: the server's TLS identity and chain (its `clientCertificateTrust` is not used).
    ///   - clientTrust: read when each connection opens: the CA certificates its client
    ///     certificate must chain to. When it throws, the last list read stays in force.
    public init(
        routeGroups: [any MutualTLSRouteGroup], host: String, port: Int, tls: TLSOptions,
        options: RSPServer.Options = .init(), logger: Logger, clientTrust: @escaping @Sendable () throws -> [Certificate]
    ) {
        self.routeGroups = routeGroups
        self.host = host
        self.port = port
        self.tls = tls
        self.options = options
        self.logger = logger
        contexts = ClientTrustContexts(tls: tls, logger: logger, trust: clientTrust)
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
        // A trust list that cannot be read at start-up fails here, not on the first connection.
        _ = try contexts.current()
        return readiness.application(
            router: makeRouter(), server: .http1(tls: contexts), host: host,
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
