import Hummingbird
import NIOCore

/// The request context of a mutual-TLS listener (ES12 on the SM-DS, ES2+ on the SM-DP+):
/// `RSPRequestContext` plus the connection the request came on, whose TLS session holds the
/// caller's verified client certificate (SGP.22 §2.6.8, §5.3). Routes read it with
/// `TLSClientCertificate.peerCertificate(of: context.channel)`.
public struct MutualTLSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The context the shared SGP.22 middleware (headers, status rendering, logging) works on.
    public let rsp: RSPRequestContext
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.rsp = RSPRequestContext(source: source)
        self.channel = source.channel
    }
}

/// Runs `FunctionStatusMiddleware` and `AdminProtocolMiddleware` for mutual-TLS routes, so ES12
/// and ES2+ answer with exactly the same headers and error bodies as ES9+ (SGP.22 §6.5.1).
struct MutualTLSFunctionMiddleware: RouterMiddleware {
    typealias Context = MutualTLSRequestContext

    let maxBodySize: Int
    let metrics: FunctionMetrics?

    func handle(
        _ request: Request, context: MutualTLSRequestContext, next: (Request, MutualTLSRequestContext) async throws -> Response
    ) async throws -> Response {
        try await FunctionStatusMiddleware(metrics: metrics).handle(request, context: context.rsp) { request, rsp in
            try await AdminProtocolMiddleware(maxBodySize: maxBodySize).handle(request, context: rsp) { request, _ in
                try await next(request, context)
            }
        }
    }
}
