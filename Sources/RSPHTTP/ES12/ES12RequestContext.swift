import Hummingbird
import NIOCore

/// The request context of the ES12 listener: `RSPRequestContext` plus the connection the
/// request came on, whose TLS session holds the SM-DP+'s client certificate (SGP.22 §2.6.8).
public struct ES12RequestContext: RequestContext {
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

/// Runs `FunctionStatusMiddleware` and `AdminProtocolMiddleware` for ES12 routes, so ES12
/// answers with exactly the same headers and error bodies as ES9+ (SGP.22 §6.5.1).
struct ES12FunctionMiddleware: RouterMiddleware {
    typealias Context = ES12RequestContext

    let maxBodySize: Int

    func handle(
        _ request: Request, context: ES12RequestContext, next: (Request, ES12RequestContext) async throws -> Response
    ) async throws -> Response {
        try await FunctionStatusMiddleware().handle(request, context: context.rsp) { request, rsp in
            try await AdminProtocolMiddleware(maxBodySize: maxBodySize).handle(request, context: rsp) { request, _ in
                try await next(request, context)
            }
        }
    }
}
