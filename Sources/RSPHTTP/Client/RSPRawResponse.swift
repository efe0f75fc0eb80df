/// What a server answered to one SGP.22 call, unchecked: for tools (the `openrsp operator`
/// commands) that show the answer as it came instead of interpreting it.
public struct RSPRawResponse: Hashable, Sendable, CustomStringConvertible {
    /// The HTTP status code (200 for executed and failed functions alike, 204 for no content).
    public var status: Int
    /// The response body as received (SGP.22 JSON, or empty).
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    public var description: String { "HTTP \(status) \(text)" }
}
