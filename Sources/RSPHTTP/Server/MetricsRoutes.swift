import HTTPTypes
import Hummingbird

/// `GET /metrics`: the process's figures in the Prometheus text exposition format, for a
/// scraper on the operator's network. Served on a listener of its own (`serve --metrics`),
/// plain HTTP, never on a device- or operator-facing one: the figures describe the whole
/// deployment's traffic.
public struct MetricsRoutes: RSPRouteGroup {
    public static let path = "/metrics"
    /// Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let exposition: @Sendable () -> [UInt8]

    /// - Parameter exposition: the current figures, already in the exposition format.
    public init(exposition: @escaping @Sendable () -> [UInt8]) {
        self.exposition = exposition
    }

    public func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
        router.get(RouterPath(Self.path)) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = Self.contentType
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: exposition())))
        }
    }
}
