/// The ES11 functions an LPA calls on an SM-DS (SGP.22 §5.8), named for errors and logs.
public enum ES11Function: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case initiateAuthentication = "ES11.InitiateAuthentication"
    case authenticateClient = "ES11.AuthenticateClient"

    public var description: String { rawValue }
}
