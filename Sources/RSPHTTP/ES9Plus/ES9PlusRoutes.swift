import Hummingbird
import RSPCore

/// The ES9+ HTTP binding on the server side (SGP.22 §6.5.2): one POST route per function,
/// each mapping its JSON body to the RSPCore message, making the one `ES9PlusService` call,
/// and mapping the result back. Header checks, error rendering and logging are middleware.
public struct ES9PlusRoutes: RSPRouteGroup {
    public let service: any ES9PlusService

    public init(service: any ES9PlusService) {
        self.service = service
    }

    public func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
        let maxBodySize = options.maxRequestBodySize
        let group = Self.functionGroup(on: router, options: options)
        group.post(RouterPath(ES9PlusFunction.initiateAuthentication.rawValue)) { request, context in
            try await initiateAuthentication(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.authenticateClient.rawValue)) { request, context in
            try await authenticateClient(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.getBoundProfilePackage.rawValue)) { request, context in
            try await getBoundProfilePackage(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.handleNotification.rawValue)) { request, context in
            try await handleNotification(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.cancelSession.rawValue)) { request, context in
            try await cancelSession(request, context, maxBodySize)
        }
    }

    /// The `/gsma/rsp2/es9plus/` route group with the SGP.22 header checks, status rendering and
    /// logging. ES11 uses the same paths and the same middleware on an SM-DS's listener.
    static func functionGroup(on router: Router<RSPRequestContext>, options: RSPServer.Options) -> RouterGroup<RSPRequestContext> {
        router.group(RouterPath(ES9PlusFunction.basePath))
            .add(middleware: FunctionStatusMiddleware(metrics: options.metrics))
            .add(middleware: AdminProtocolMiddleware(maxBodySize: options.maxRequestBodySize))
    }

    /// InitiateAuthentication (ES9+ §5.6.1, and ES11 §5.8.1, whose body and answer are the same),
    /// on a body already read (a shared listener reads it once to pick the service).
    static func initiateAuthentication(
        _ body: InitiateAuthenticationRequestBody, _ context: RSPRequestContext,
        _ call: (InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9
    ) async throws -> Response {
        let ok = try await call(try body.message())
        context.call.transactionId = ok.transactionId.hex
        return try RSPResponse.json(InitiateAuthenticationResponseBody(ok))
    }

    /// ES9+.InitiateAuthentication (§5.6.1).
    func initiateAuthentication(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(InitiateAuthenticationRequestBody.self, from: request, maxSize: maxBodySize)
        return try await initiateAuthentication(body, context)
    }

    /// ES9+.InitiateAuthentication (§5.6.1) on a body already read.
    func initiateAuthentication(_ body: InitiateAuthenticationRequestBody, _ context: RSPRequestContext) async throws -> Response {
        try await Self.initiateAuthentication(body, context, service.initiateAuthentication)
    }

    /// ES9+.AuthenticateClient (§5.6.3).
    func authenticateClient(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(AuthenticateClientRequestBody.self, from: request, maxSize: maxBodySize)
        return try await authenticateClient(body, context)
    }

    /// ES9+.AuthenticateClient (§5.6.3) on a body already read.
    func authenticateClient(_ body: AuthenticateClientRequestBody, _ context: RSPRequestContext) async throws -> Response {
        context.call.transactionId = body.transactionId
        let ok = try await service.authenticateClient(try body.message())
        return try RSPResponse.json(AuthenticateClientResponseBody(ok))
    }

    /// ES9+.GetBoundProfilePackage (§5.6.2).
    func getBoundProfilePackage(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(GetBoundProfilePackageRequestBody.self, from: request, maxSize: maxBodySize)
        context.call.transactionId = body.transactionId
        let ok = try await service.getBoundProfilePackage(try body.message())
        return try RSPResponse.json(GetBoundProfilePackageResponseBody(ok))
    }

    /// ES9+.HandleNotification (§5.6.4): HTTP 204 on success.
    func handleNotification(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(HandleNotificationRequestBody.self, from: request, maxSize: maxBodySize)
        let message = try body.message()
        context.call.transactionId = message.pendingNotification.transactionIdHex
        try await service.handleNotification(message)
        return RSPResponse.noContent()
    }

    /// ES9+.CancelSession (§5.6.5).
    func cancelSession(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(CancelSessionRequestBody.self, from: request, maxSize: maxBodySize)
        context.call.transactionId = body.transactionId
        try await service.cancelSession(try body.message())
        return try RSPResponse.json(HeaderOnlyResponseBody(header: .executedSuccess))
    }
}

extension PendingNotification {
    /// For the log line: only a ProfileInstallationResult names its RSP session.
    fileprivate var transactionIdHex: String? {
        switch self {
        case .profileInstallationResult(let result): result.profileInstallationResultData.value.transactionId.hex
        case .otherSignedNotification: nil
        }
    }
}
