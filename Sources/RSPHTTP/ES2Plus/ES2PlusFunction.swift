/// The ES2+ functions and their HTTP paths (SGP.22 §6.5.2: `/gsma/rsp2/es2plus/<function>`).
///
/// The first four are served by the SM-DP+ to operators; `handleDownloadProgressInfo` is served
/// by the operator and called by the SM-DP+ (§5.3.5), under the same base path.
public enum ES2PlusFunction: String, CaseIterable, Sendable {
    case downloadOrder
    case confirmOrder
    case cancelOrder
    case releaseProfile
    case handleDownloadProgressInfo

    /// The path prefix shared by the ES2+ functions, without leading slash.
    public static let basePath = "gsma/rsp2/es2plus"

    /// The absolute request path, e.g. `/gsma/rsp2/es2plus/downloadOrder`.
    public var path: String { "/\(Self.basePath)/\(rawValue)" }
}
