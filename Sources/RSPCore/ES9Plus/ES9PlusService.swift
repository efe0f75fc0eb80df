/// The ES9+ interface (SGP.22 §5.6) between an LPA and an SM-DP+, independent of its transport.
///
/// The SM-DP+ domain implements it; the HTTPS client implements it for the LPA; tests connect
/// an LPA straight to an SM-DP+ in-process. Requests and responses are the SGP.22 ASN.1
/// binding types (§6.6), which carry exactly the fields of the JSON binding (§6.5).
/// A failed function throws a `StatusCode` (subject/reason code).
public protocol ES9PlusService: Sendable {
    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk
    /// Delivers a notification; SGP.22 gives the LPA no result beyond transport success.
    func handleNotification(_ request: HandleNotification) async throws
    func cancelSession(_ request: CancelSessionRequestEs9) async throws
}
