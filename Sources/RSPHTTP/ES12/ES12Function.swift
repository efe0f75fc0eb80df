/// The ES12 functions and their HTTP paths (SGP.22 §6.5.2: `/gsma/rsp2/es12/<function>`).
public enum ES12Function: String, CaseIterable, Sendable {
    case registerEvent
    case deleteEvent

    /// The path prefix shared by the ES12 functions, without leading slash.
    public static let basePath = "gsma/rsp2/es12"

    /// The absolute request path, e.g. `/gsma/rsp2/es12/registerEvent`.
    public var path: String { "/\(Self.basePath)/\(rawValue)" }
}
