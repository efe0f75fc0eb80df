import Hummingbird
import RSPCore

/// The operator's side of ES2+ (SGP.22 §5.3.5, §6.5.2.5): receives HandleDownloadProgressInfo
/// from an SM-DP+ at `POST /gsma/rsp2/es2plus/handleDownloadProgressInfo` and answers
/// 204 No Content once `ES2PlusOperatorService` accepted it.
///
/// A route group for `RSPServer` (`RSPServer(routeGroups: [ES2PlusOperatorRoutes(service: …)], …)`):
/// plain TLS by default; set `TLSOptions.clientCertificateTrust` to require the SM-DP+'s client
/// certificate. A malformed body or a service failure is answered as for any SGP.22 function:
/// HTTP 200 with a `Failed` header, which the SM-DP+ treats as not delivered.
public struct ES2PlusOperatorRoutes: RSPRouteGroup {
    public let service: any ES2PlusOperatorService

    public init(service: any ES2PlusOperatorService) {
        self.service = service
    }

    public func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
        let maxBodySize = options.maxRequestBodySize
        router.group(RouterPath(ES2PlusFunction.basePath))
            .add(middleware: FunctionStatusMiddleware(metrics: options.metrics))
            .add(middleware: AdminProtocolMiddleware(maxBodySize: maxBodySize))
            .post(RouterPath(ES2PlusFunction.handleDownloadProgressInfo.rawValue)) { request, _ in
                try await handleDownloadProgressInfo(request, maxBodySize)
            }
    }

    /// ES2+.HandleDownloadProgressInfo (§5.3.5).
    func handleDownloadProgressInfo(_ request: Request, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(HandleDownloadProgressInfoRequestBody.self, from: request, maxSize: maxBodySize)
        try await service.handleDownloadProgressInfo(body.progress, header: try body.requestHeader())
        return RSPResponse.noContent()
    }
}
