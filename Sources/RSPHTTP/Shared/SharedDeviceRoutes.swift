import Hummingbird
import RSPCore

/// The SM-DP+'s ES9+ and the SM-DS's ES11 on one listener.
///
/// The LPA calls both with the same paths (`/gsma/rsp2/es9plus/initiateAuthentication` and
/// `…/authenticateClient`, SGP.22 §6.5.2), so where an operator puts them on one listener the
/// request itself must say which server it is for:
///
/// - `initiateAuthentication` by the address the device names (`smdpAddress`, which the LPA fills
///   with the server it calls): the SM-DS's address, compared case-insensitively (RFC 4343) →
///   ES11; any other → ES9+, whose own address check answers a stranger 8.8.1/3.8;
/// - `authenticateClient` by its transaction: `roleOfTransaction` says whose session the
///   TransactionID names. It should ask the shared store, not this process's memory, so that
///   nodes behind one balancer agree. A TransactionID that is not well formed, or that no one
///   knows (`.smdp` is the answer for both), goes to ES9+, which answers 8.10.1/3.9 or 1.1/2.1;
/// - `getBoundProfilePackage`, `handleNotification` and `cancelSession` exist only on ES9+.
///
/// Each body is read once: the route decodes it, picks the service, and hands the decoded body
/// to that service's handler (`ES9PlusRoutes` / `ES11Routes`, unchanged), so malformed bodies get
/// the same SGP.22 errors as on separate listeners. Header checks, error rendering and logging
/// are the ES9+ middleware.
public struct SharedDeviceRoutes: RSPRouteGroup {
    /// Which server an RSP session belongs to.
    public enum Role: String, Sendable, Hashable {
        /// The SM-DP+ (ES9+), also the answer for a TransactionID no one knows.
        case smdp
        /// The SM-DS (ES11).
        case smds
    }

    /// Whose session a TransactionID names; errors it throws are reported as 1.2/4.2.
    public typealias TransactionRole = @Sendable (TransactionID) async throws -> Role

    public let es9Plus: ES9PlusRoutes
    public let es11: ES11Routes
    private let smdsAddress: @Sendable () -> String
    private let roleOfTransaction: TransactionRole

    /// - Parameters:
    ///   - smdsAddress: the SM-DS's address (FQDN[:port]) as devices name it. It is read for each
    ///     request, so a deployment whose address names a port bound later may pass a late value.
    ///   - roleOfTransaction: whose session an `authenticateClient` continues.
    public init(
        smdp: any ES9PlusService, smds: any ES11Service, smdsAddress: @escaping @autoclosure @Sendable () -> String,
        roleOfTransaction: @escaping TransactionRole
    ) {
        self.es9Plus = ES9PlusRoutes(service: smdp)
        self.es11 = ES11Routes(service: smds)
        self.smdsAddress = smdsAddress
        self.roleOfTransaction = roleOfTransaction
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
        group.post(RouterPath(ES9PlusFunction.getBoundProfilePackage.rawValue)) { request, context in
            try await es9Plus.getBoundProfilePackage(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.handleNotification.rawValue)) { request, context in
            try await es9Plus.handleNotification(request, context, maxBodySize)
        }
        group.post(RouterPath(ES9PlusFunction.cancelSession.rawValue)) { request, context in
            try await es9Plus.cancelSession(request, context, maxBodySize)
        }
    }

    /// The server an InitiateAuthentication is for, by the address the device names.
    public func role(forAddress address: String?) -> Role {
        guard let address else { return .smdp }
        return address.lowercased() == smdsAddress().lowercased() ? .smds : .smdp
    }

    /// The server an AuthenticateClient is for, by its transaction (`.smdp` when the text is no
    /// TransactionID: ES9+ then reports the malformed field).
    public func role(forTransaction hex: String?) async throws -> Role {
        guard let hex, let transactionId = try? TransactionID(JSONField.transactionId(hex: hex)) else { return .smdp }
        return try await roleOfTransaction(transactionId)
    }

    func initiateAuthentication(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(InitiateAuthenticationRequestBody.self, from: request, maxSize: maxBodySize)
        switch role(forAddress: body.smdpAddress) {
        case .smds: return try await es11.initiateAuthentication(body, context)
        case .smdp: return try await es9Plus.initiateAuthentication(body, context)
        }
    }

    func authenticateClient(_ request: Request, _ context: RSPRequestContext, _ maxBodySize: Int) async throws -> Response {
        let body = try await RSPRequestBody.decode(AuthenticateClientRequestBody.self, from: request, maxSize: maxBodySize)
        context.call.transactionId = body.transactionId
        switch try await role(forTransaction: body.transactionId) {
        case .smds: return try await es11.authenticateClient(body, context)
        case .smdp: return try await es9Plus.authenticateClient(body, context)
        }
    }
}
