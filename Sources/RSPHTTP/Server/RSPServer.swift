import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import RSPCore
import ServiceLifecycle

/// An SGP.22 HTTP server (SM-DP+ ES9+ today) on Hummingbird.
///
/// It is a swift-service-lifecycle `Service`: run it in a `ServiceGroup` and stop it with
/// graceful shutdown (signals or `triggerGracefulShutdown()`), which lets requests in flight
/// finish. `boundPort()` reports the listening port once the socket is bound (port 0 picks
/// a free one). TLS (§2.6.6) is on unless `tls` is nil, for a deployment behind a TLS proxy.
public struct RSPServer: Service {
    public struct Options: Sendable {
        /// The largest request body read; larger ones get an SGP.22 error and the connection closes.
        public var maxRequestBodySize: Int
        /// The event loops the listener and its connections run on; nil: SwiftNIO's shared group.
        /// A process hosting both ends (`openrsp bench`) passes its own group sized for them,
        /// which it shuts down after the server stops.
        public var eventLoopGroup: (any EventLoopGroup)?
        /// Where the listener's SGP.22 function calls are counted and timed; nil: nowhere.
        public var metrics: FunctionMetrics?

        public init(
            maxRequestBodySize: Int = 64 * 1024, eventLoopGroup: (any EventLoopGroup)? = nil, metrics: FunctionMetrics? = nil
        ) {
            self.maxRequestBodySize = maxRequestBodySize
            self.eventLoopGroup = eventLoopGroup
            self.metrics = metrics
        }
    }

    public let host: String
    public let port: Int
    public let tls: TLSOptions?
    public let options: Options
    public let logger: Logger
    let routeGroups: [any RSPRouteGroup]
    private let readiness = ServerReadiness()

    public init(
        routeGroups: [any RSPRouteGroup], host: String = "127.0.0.1", port: Int = 8443, tls: TLSOptions?,
        options: Options = Options(), logger: Logger = Logger(label: "openrsp.http")
    ) {
        self.routeGroups = routeGroups
        self.host = host
        self.port = port
        self.tls = tls
        self.options = options
        self.logger = logger
    }

    /// An SM-DP+ serving ES9+ (§5.6) with `service`.
    public init(
        service: any ES9PlusService, host: String = "127.0.0.1", port: Int = 8443, tls: TLSOptions?,
        options: Options = Options(), logger: Logger = Logger(label: "openrsp.http")
    ) {
        self.init(routeGroups: [ES9PlusRoutes(service: service)], host: host, port: port, tls: tls, options: options, logger: logger)
    }

    public func makeRouter() -> Router<RSPRequestContext> {
        let router = Router(context: RSPRequestContext.self)
        for group in routeGroups {
            group.register(on: router, options: options)
        }
        return router
    }

    /// The Hummingbird application; `run()` runs it. Tests use it with HummingbirdTesting.
    public func makeApplication() throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder =
            if let tls {
                try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration())
            } else {
                .http1()
            }
        return readiness.application(
            router: makeRouter(), server: server, host: host, port: port, eventLoopGroup: options.eventLoopGroup, logger: logger)
    }

    public func run() async throws {
        try await readiness.run(try makeApplication())
    }

    /// The port the server listens on; waits until it does. Throws `ServerStopped` when the
    /// server stopped (or failed to start) instead.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }
}
