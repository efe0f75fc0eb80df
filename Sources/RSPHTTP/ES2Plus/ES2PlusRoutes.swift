import Hummingbird
import RSPCore

/// The ES2+ HTTP binding on the SM-DP+ (SGP.22 §6.5.2, functions §5.3.1 – §5.3.4): one POST route
/// per function. Each route names the caller by its verified TLS client certificate (SHA-256 of
/// its DER) and the request header, maps the JSON body to the RSPCore request, makes the one
/// `ES2PlusService` call and maps the result back.
///
/// The handshake already refused clients without a certificate chaining to a trusted CA; a
/// request without one (no TLS session) is refused as 1.1/1.1 before its body is read. Header
/// checks, status rendering (HTTP 200 with `Failed`, never 500) and logging are middleware.
/// Deciding whether the certificate belongs to the operator the header names is the service's job.
public struct ES2PlusRoutes: MutualTLSRouteGroup {
    public let service: any ES2PlusService

    public init(service: any ES2PlusService) {
        self.service = service
    }

    public func register(on router: Router<MutualTLSRequestContext>, options: RSPServer.Options) {
        let maxBodySize = options.maxRequestBodySize
        let group = router.group(RouterPath(ES2PlusFunction.basePath))
            .add(middleware: MutualTLSFunctionMiddleware(maxBodySize: maxBodySize, metrics: options.metrics))
        group.post(RouterPath(ES2PlusFunction.downloadOrder.rawValue)) { request, context in
            try await downloadOrder(request, context, maxBodySize)
        }
        group.post(RouterPath(ES2PlusFunction.confirmOrder.rawValue)) { request, context in
            try await confirmOrder(request, context, maxBodySize)
        }
        group.post(RouterPath(ES2PlusFunction.cancelOrder.rawValue)) { request, context in
            try await cancelOrder(request, context, maxBodySize)
        }
        group.post(RouterPath(ES2PlusFunction.releaseProfile.rawValue)) { request, context in
            try await releaseProfile(request, context, maxBodySize)
        }
    }

    /// ES2+.DownloadOrder (§5.3.1).
    func downloadOrder(_ request: Request, _ context: MutualTLSRequestContext, _ maxBodySize: Int) async throws -> Response {
        let (body, caller) = try await Self.read(DownloadOrderRequestBody.self, request, context, maxBodySize)
        let response = try await service.downloadOrder(try body.message(), caller: caller)
        return try RSPResponse.json(DownloadOrderResponseBody(response))
    }

    /// ES2+.ConfirmOrder (§5.3.2).
    func confirmOrder(_ request: Request, _ context: MutualTLSRequestContext, _ maxBodySize: Int) async throws -> Response {
        let (body, caller) = try await Self.read(ConfirmOrderRequestBody.self, request, context, maxBodySize)
        let response = try await service.confirmOrder(try body.message(), caller: caller)
        return try RSPResponse.json(ConfirmOrderResponseBody(response))
    }

    /// ES2+.CancelOrder (§5.3.3).
    func cancelOrder(_ request: Request, _ context: MutualTLSRequestContext, _ maxBodySize: Int) async throws -> Response {
        let (body, caller) = try await Self.read(CancelOrderRequestBody.self, request, context, maxBodySize)
        try await service.cancelOrder(try body.message(), caller: caller)
        return try RSPResponse.json(HeaderOnlyResponseBody(header: .executedSuccess))
    }

    /// ES2+.ReleaseProfile (§5.3.4).
    func releaseProfile(_ request: Request, _ context: MutualTLSRequestContext, _ maxBodySize: Int) async throws -> Response {
        let (body, caller) = try await Self.read(ReleaseProfileRequestBody.self, request, context, maxBodySize)
        try await service.releaseProfile(try body.message(), caller: caller)
        return try RSPResponse.json(HeaderOnlyResponseBody(header: .executedSuccess))
    }

    /// Authenticates the connection, then reads the body and its header, in that order: an
    /// unauthenticated caller learns nothing about what is wrong with its request.
    static func read<Body: ES2PlusRequestBody>(
        _ type: Body.Type, _ request: Request, _ context: MutualTLSRequestContext, _ maxBodySize: Int
    ) async throws -> (Body, ES2PlusCaller) {
        let fingerprint = try await TLSClientCertificate.peerFingerprint(of: context.channel)
        let body = try await RSPRequestBody.decode(type, from: request, maxSize: maxBodySize)
        return (body, try body.caller(certificateFingerprint: fingerprint))
    }
}
