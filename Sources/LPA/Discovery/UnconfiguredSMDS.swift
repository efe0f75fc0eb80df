import RSPCore

extension LocalProfileAssistant {
    /// The default ES11 factory: an LPA built without one cannot retrieve events, and says so
    /// with `LPAError.discoveryNotConfigured` instead of contacting anything.
    public static let noSMDS: ES11Factory = { address in UnconfiguredSMDS(address: address) }
}

/// An ES11 endpoint that refuses every call: no SM-DS transport was given to the LPA.
struct UnconfiguredSMDS: ES11Service {
    let address: String

    var error: LPAError {
        .discoveryNotConfigured(reason: "this LPA has no ES11 transport to reach the SM-DS at \(address)")
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        throw error
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        throw error
    }
}
