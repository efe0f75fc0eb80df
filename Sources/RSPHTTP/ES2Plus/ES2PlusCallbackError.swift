/// A HandleDownloadProgressInfo callback that cannot be attempted at all: retrying will not
/// help, unlike the `ES9PlusHTTPClientError`s of a call that was attempted and failed.
public enum ES2PlusCallbackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not an `https://host[:port][/path]` URL (plain HTTP is refused: the body names EIDs and ICCIDs).
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid operator callback URL \(url) (https://host[:port][/path] expected)"
        }
    }
}
