import Hummingbird
import RSPCore
import RSPCrypto

/// The ES12 HTTP binding on the SM-DS (SGP.22 §6.5.2, functions §5.9): one POST route per
/// function. The caller is the SM-DP+ named by its TLS client certificate; the handshake
/// already refused connections without one chaining to the CI, and a request without an
/// authenticated certificate never reaches the service.
public struct ES12Routes: MutualTLSRouteGroup {
    public let service: any ES12Service

    public init(service: any ES12Service) {
        self.service = service
    }

    public func register(on router: Router<ES12RequestContext>, options: RSPServer.Options) {
        let maxBodySize = options.maxRequestBodySize
        let group = router.group(RouterPath(ES12Function.basePath))
            .add(middleware: MutualTLSFunctionMiddleware(maxBodySize: maxBodySize, metrics: options.metrics))
        group.post(RouterPath(ES12Function.registerEvent.rawValue)) { request, context in
            try await registerEvent(request, context, maxBodySize)
        }
        group.post(RouterPath(ES12Function.deleteEvent.rawValue)) { request, context in
            try await deleteEvent(request, context, maxBodySize)
        }
    }

    /// ES12.RegisterEvent (§5.9.1).
    func registerEvent(_ request: Request, _ context: ES12RequestContext, _ maxBodySize: Int) async throws -> Response {
        let requester = try await authenticateRequester(context)
        let body = try await RSPRequestBody.decode(RegisterEventRequestBody.self, from: request, maxSize: maxBodySize)
        try await service.registerEvent(try body.message(), requester: requester)
        return try RSPResponse.json(HeaderOnlyResponseBody(header: .executedSuccess))
    }

    /// ES12.DeleteEvent (§5.9.2).
    func deleteEvent(_ request: Request, _ context: ES12RequestContext, _ maxBodySize: Int) async throws -> Response {
        let requester = try await authenticateRequester(context)
        let body = try await RSPRequestBody.decode(DeleteEventRequestBody.self, from: request, maxSize: maxBodySize)
        try await service.deleteEvent(try body.message(), requester: requester)
        return try RSPResponse.json(HeaderOnlyResponseBody(header: .executedSuccess))
    }

    /// The SM-DP+ behind the request, from its verified TLS client certificate (§2.6.8).
    /// Only an SM-DP+ may call ES12: its certificate must carry the DPtls role (§4.5.2.1.0.6).
    /// Other certificates the CI issued — an SM-DS's, an operator's ES2+ client certificate —
    /// pass the handshake but are refused here (1.1/1.2).
    func authenticateRequester(_ context: ES12RequestContext) async throws -> ES12Requester {
        let certificate = try await TLSClientCertificate.peerCertificate(of: context.channel)
        guard (try? certificate.rspRoles().contains(.dpTLS)) == true else {
            throw StatusCode.requesterNotAllowed.with(message: "ES12 is for SM-DP+s: the client certificate has no DPtls role")
        }
        return ES12Requester(identity: TLSClientCertificate.identity(of: certificate))
    }
}
