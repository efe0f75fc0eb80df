import Logging
import RSPCore
import X509

/// The SM-DS's ES12 listener (SGP.22 §5.9, §2.6.8): a `MutualTLSServer` serving `ES12Routes`,
/// HTTPS with a mandatory TLS client certificate chaining to the CI.
public typealias ES12Server = MutualTLSServer

extension MutualTLSServer {
    /// The SM-DS's ES12 listener.
    ///
    /// - Parameters:
    ///   - tls: the SM-DS's TLS identity (CERT.DStls) and chain.
    ///   - clientTrust: the CA certificates (the CI) an SM-DP+'s client certificate must chain to.
    public init(
        service: any ES12Service, host: String = "127.0.0.1", port: Int = 8444, tls: TLSOptions, clientTrust: [Certificate],
        options: RSPServer.Options = .init(), logger: Logger = Logger(label: "openrsp.es12")
    ) {
        self.init(
            routeGroups: [ES12Routes(service: service)], host: host, port: port, tls: tls, clientTrust: clientTrust,
            options: options, logger: logger)
    }
}
