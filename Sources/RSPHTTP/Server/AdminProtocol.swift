import HTTPTypes
import RSPCore

/// The `X-Admin-Protocol` header (SGP.22 §6.5.1.1): `gsma/rsp/v<major>.<minor>.<revision>`,
/// the version of the SGP.22 HTTP binding a party speaks. Requests must carry it; responses
/// carry ours.
public struct AdminProtocol: Hashable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var revision: Int

    public init(major: Int, minor: Int, revision: Int) {
        self.major = major
        self.minor = minor
        self.revision = revision
    }

    /// The version OpenRSP implements.
    public static let current = AdminProtocol(major: 2, minor: 2, revision: 2)

    public static let headerName = HTTPField.Name("X-Admin-Protocol")!

    /// Parses `gsma/rsp/v2.5.0`; nil for anything else.
    public init?(headerValue: String) {
        let prefix = "gsma/rsp/v"
        guard headerValue.hasPrefix(prefix) else { return nil }
        let parts = headerValue.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 4, part.allSatisfy(\.isASCII), let value = Int(part), value >= 0 else { return nil }
            numbers.append(value)
        }
        self.init(major: numbers[0], minor: numbers[1], revision: numbers[2])
    }

    public var headerValue: String {
        self == .current ? Self.currentHeaderValue : "gsma/rsp/v\(major).\(minor).\(revision)"
    }

    /// Ours, formatted once: every request and response carries it.
    static let currentHeaderValue = "gsma/rsp/v\(current.major).\(current.minor).\(current.revision)"
    public var description: String { headerValue }
}

extension StatusCode {
    /// The request has no `X-Admin-Protocol` header (SGP.22 §6.5.1.1).
    static let adminProtocolMissing = StatusCode.mandatoryElementMissing.with(message: "X-Admin-Protocol header missing")
    /// The header is not `gsma/rsp/vX.Y.Z`.
    static let adminProtocolInvalid = StatusCode.malformedRequest.with(message: "X-Admin-Protocol header is invalid")
    /// A major version other than 2: this server implements the SGP.22 v2 binding only.
    static let adminProtocolUnsupported = StatusCode(.functionRequester, .unsupported, "X-Admin-Protocol version not supported")
    static let invalidContentType = StatusCode.malformedRequest.with(message: "Invalid Content-Type header")
}

/// A request body over the server's limit: reported as 1.1/2.1 (invalid); the connection is
/// then closed, as the rest of the body was not read.
public struct RequestBodyTooLarge: StatusCodeConvertible, Hashable {
    public let limit: Int
    public var statusCode: StatusCode { StatusCode.malformedRequest.with(message: "Request body exceeds \(limit) bytes") }
}
