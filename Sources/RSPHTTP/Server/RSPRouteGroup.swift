import Hummingbird

/// A set of SGP.22 functions served under one path (ES9+ today; ES2+, ES11 and the admin
/// API join as further groups). Each group registers its routes and the middleware they
/// share on the server's router.
public protocol RSPRouteGroup: Sendable {
    func register(on router: Router<RSPRequestContext>, options: RSPServer.Options)
}
