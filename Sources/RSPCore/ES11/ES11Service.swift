/// The ES11 interface (SGP.22 §5.8) between an LPA and an SM-DS, independent of its transport: the
/// eUICC and the SM-DS authenticate each other as in ES9+ (§3.6.2), and the SM-DS answers with the
/// events registered for the authenticated EID. A failed function throws a `StatusCode`.
public protocol ES11Service: Sendable {
    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11
}
