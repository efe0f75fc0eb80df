import Logging
import RSPCore
import X509

/// The SM-DP+'s ES2+ listener (SGP.22 §5.3): a `MutualTLSServer` serving `ES2PlusRoutes`, HTTPS
/// with a mandatory TLS client certificate chaining to the trusted CAs. Operators are known by
/// their certificate (its SHA-256 fingerprint), so this listener is separate from the ES9+ one,
/// where devices connect without client certificates.
public typealias ES2PlusServer = MutualTLSServer

extension MutualTLSServer {
    /// The SM-DP+'s ES2+ listener.
    ///
    /// - Parameters:
    ///   - tls: the SM-DP+'s TLS identity (CERT.DPtls) and chain.
    ///   - clientTrust: the CA certificates operators' client certificates must chain to.
    public init(
        service: any ES2PlusService, host: String = "127.0.0.1", port: Int = 8445, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es2plus")
    ) {
        self.init(
            routeGroups: [ES2PlusRoutes(service: service)], host: host, port: port, tls: tls, clientTrust: clientTrust,
            options: options, logger: logger)
    }

    /// The SM-DP+'s ES2+ listener, its client trust read again for every new connection (so an
    /// operator registered while it runs is trusted at once).
    public init(
        service: any ES2PlusService, host: String = "127.0.0.1", port: Int = 8445, tls: TLSOptions,
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es2plus"),
        clientTrust: @escaping @Sendable () throws -> [Certificate]
    ) {
        self.init(
            routeGroups: [ES2PlusRoutes(service: service)], host: host, port: port, tls: tls, options: options, logger: logger,
            clientTrust: clientTrust)
    }
}
