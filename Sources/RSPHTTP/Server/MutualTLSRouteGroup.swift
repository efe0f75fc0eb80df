import Hummingbird

/// A set of SGP.22 functions served on a mutual-TLS listener (ES12, ES2+): like `RSPRouteGroup`,
/// but its handlers see the connection, so they can name the caller by its client certificate.
public protocol MutualTLSRouteGroup: Sendable {
    func register(on router: Router<MutualTLSRequestContext>, options: RSPServer.Options)
}
