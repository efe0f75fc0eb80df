import Logging
import RSPCore

/// The LPA's ES11 over HTTPS (SGP.22 §6.5.2, transport §2.6.7), as an `ES11Service`.
///
/// ES11 uses ES9+'s paths, headers, TLS rules and InitiateAuthentication exchange, so this
/// client is an `ES9PlusHTTPClient` aimed at the SM-DS: only the AuthenticateClient response
/// differs (event entries instead of profile metadata). Errors are the same: a `Failed`
/// status throws its `StatusCode`, anything else an `ES9PlusHTTPClientError`.
public final class ES11HTTPClient: ES11Service {
    private let http: ES9PlusHTTPClient

    /// - Parameter smdsAddress: the SM-DS address (`host` or `host:port`).
    public init(
        smdsAddress: String, configuration: ES9PlusHTTPClient.Configuration,
        logger: Logger = Logger(label: "openrsp.es11.client")
    ) throws {
        http = try ES9PlusHTTPClient(smdpAddress: smdsAddress, configuration: configuration, logger: logger)
    }

    public var baseURL: String { http.baseURL }

    /// Runs `body` with a client and shuts it down afterwards, whether `body` throws or not.
    @discardableResult
    public static func withClient<Result: Sendable>(
        smdsAddress: String, configuration: ES9PlusHTTPClient.Configuration, _ body: (ES11HTTPClient) async throws -> Result
    ) async throws -> Result {
        try await shutdownAfter(try ES11HTTPClient(smdsAddress: smdsAddress, configuration: configuration), body)
    }

    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// ES11.InitiateAuthentication (§5.8.1).
    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await http.initiateAuthentication(request)
    }

    /// ES11.AuthenticateClient (§5.8.2).
    public func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        let body = try await http.call(.authenticateClient, AuthenticateClientRequestBody(request))
        return try http.decodeResponse(AuthenticateClientEs11ResponseBody.self, from: body) { try $0.message() }
    }
}

extension AuthenticateClientEs11ResponseBody: ES9PlusResponseBody {}
