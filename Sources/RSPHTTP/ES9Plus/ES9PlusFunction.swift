/// The five ES9+ functions and their HTTP paths (SGP.22 §6.5.2: `/gsma/rsp2/es9plus/<function>`).
public enum ES9PlusFunction: String, CaseIterable, Sendable {
    case initiateAuthentication
    case authenticateClient
    case getBoundProfilePackage
    case handleNotification
    case cancelSession

    /// The path prefix shared by all ES9+ functions, without leading slash.
    public static let basePath = "gsma/rsp2/es9plus"

    /// The absolute request path, e.g. `/gsma/rsp2/es9plus/initiateAuthentication`.
    public var path: String { "/\(Self.basePath)/\(rawValue)" }
}
