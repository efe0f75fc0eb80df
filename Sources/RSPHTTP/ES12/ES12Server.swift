import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import RSPCore
import ServiceLifecycle
import X509

/// The SM-DS's ES12 listener (SGP.22 §5.9, §2.6.8): HTTPS with a mandatory TLS client
/// certificate chaining to the CI. There is no plain-HTTP mode: the client certificate is
/// the only authentication of the SM-DP+, so TLS cannot be terminated elsewhere.
///
/// A swift-service-lifecycle `Service`, like `RSPServer`; `boundPort()` reports the port.
public struct ES12Server: Service {
    public let host: String
    public let port: Int
    public let tls: TLSOptions
    public let options: RSPServer.Options
    public let logger: Logger
    let routes: ES12Routes
    private let readiness = ServerReadiness()

    /// - Parameters:
    ///   - tls: the SM-DS's TLS identity (CERT.DStls) and chain.
    ///   - clientTrust: the CA certificates (the CI) an SM-DP+'s client certificate must chain to.
    public init(
        service: any ES12Service, host: String = "127.0.0.1", port: Int = 8444, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es12")
    ) {
        var tls = tls
        tls.clientCertificateTrust = clientTrust
        self.routes = ES12Routes(service: service)
        self.host = host
        self.port = port
        self.tls = tls
        self.options = options
        self.logger = logger
    }

    public func makeRouter() -> Router<ES12RequestContext> {
        let router = Router(context: ES12RequestContext.self)
        routes.register(on: router, options: options)
        return router
    }

    /// The Hummingbird application; `run()` runs it.
    public func makeApplication() throws -> some ApplicationProtocol {
        let readiness = self.readiness
        return Application(
            router: makeRouter(),
            server: try .tls(.http1(), tlsConfiguration: try tls.serverConfiguration()),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await readiness.listening(port: channel.localAddress?.port ?? 0)
            },
            logger: logger)
    }

    public func run() async throws {
        do {
            try await makeApplication().run()
        } catch {
            await readiness.stopped(ServerStopped(reason: String(describing: type(of: error))))
            throw error
        }
        await readiness.stopped(ServerStopped(reason: "shut down"))
    }

    /// The port the server listens on; waits until it does, throws `ServerStopped` if it stopped.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }
}
