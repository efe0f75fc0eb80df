import Hummingbird
import RSPCore

/// The ES11 HTTP binding on the SM-DS (SGP.22 §6.5.2): the LPA calls the SM-DS with the same
/// paths as ES9+ (`/gsma/rsp2/es9plus/initiateAuthentication` and `…/authenticateClient`), so
/// an SM-DS serves ES11 on its own listener. Header checks, error rendering and logging are
/// the ES9+ middleware.
public struct ES11Routes: RSPRouteGroup {
    public let service: any ES11Service

    public init(service: any ES11Service) {
        self.service = service
    }

    public func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
        let maxBodySize = options.maxRequestBodySize
        let group = ES9PlusRoutes.functionGroup(on: router, options: options)
        group.post(RouterPath(ES9PlusFunction.initiateAuthentication.rawValue)) { request, context in
            try await initiateAuthentication(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.authenticateClient.rawValue)) { request, context in
            try await authenticateClient(request, context, maxBodySize)
        }
    }

    /// ES11.InitiateAuthentication (§5.8.1): body and response as ES9+ (§5.6.1).
    func initiateAuthentication(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(InitiateAuthenticationRequestBody.self, from: request, maxSize: maxBodySize)
        return try await initiateAuthentication(body, context)
    }

    /// ES11.InitiateAuthentication (§5.8.1) on a body already read.
    func initiateAuthentication(_ body: InitiateAuthenticationRequestBody, _ context: RSPRequestContext) async throws -> Response {
        try await ES9PlusRoutes.initiateAuthentication(body, context, service.initiateAuthentication)
    }

    /// ES11.AuthenticateClient (§5.8.2): the events registered for the authenticated EID.
    func authenticateClient(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(AuthenticateClientRequestBody.self, from: request, maxSize: maxBodySize)
        return try await authenticateClient(body, context)
    }

    /// ES11.AuthenticateClient (§5.8.2) on a body already read.
    func authenticateClient(_ body: AuthenticateClientRequestBody, _ context: RSPRequestContext) async throws -> Response {
        context.call.transactionId = body.transactionId
        let ok = try await service.authenticateClient(try body.message())
        return try RSPResponse.json(AuthenticateClientEs11ResponseBody(ok))
    }
}
