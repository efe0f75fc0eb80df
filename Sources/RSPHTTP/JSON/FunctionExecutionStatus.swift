import RSPCore

/// The header every ES9+ (and ES2+, ES11) response carries (SGP.22 §6.5.1.4).
///
/// ```json
/// "header": {"functionExecutionStatus": {"status": "Failed",
///            "statusCodeData": {"subjectCode": "8.10.1", "reasonCode": "3.9", "message": "…"}}}
/// ```
public struct ResponseHeader: Codable, Hashable, Sendable {
    public var functionExecutionStatus: FunctionExecutionStatus

    public init(functionExecutionStatus: FunctionExecutionStatus) {
        self.functionExecutionStatus = functionExecutionStatus
    }

    public static let executedSuccess = ResponseHeader(functionExecutionStatus: .init(status: .executedSuccess))

    public static func failed(_ code: StatusCode) -> ResponseHeader {
        ResponseHeader(functionExecutionStatus: .init(status: .failed, statusCodeData: StatusCodeData(code)))
    }
}

/// `functionExecutionStatus` (SGP.22 §6.5.1.4): whether the function ran, and if not, why.
public struct FunctionExecutionStatus: Codable, Hashable, Sendable {
    /// The four values SGP.22 §6.5.1.4 defines. Unknown values decode as `.other` so a client
    /// can still report what a newer server said instead of failing on the envelope.
    public enum Status: Hashable, Sendable, Codable, CustomStringConvertible {
        case executedSuccess
        case executedWithWarning
        case failed
        case expired
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "Executed-Success": self = .executedSuccess
            case "Executed-WithWarning": self = .executedWithWarning
            case "Failed": self = .failed
            case "Expired": self = .expired
            default: self = .other(rawValue)
            }
        }

        public var rawValue: String {
            switch self {
            case .executedSuccess: "Executed-Success"
            case .executedWithWarning: "Executed-WithWarning"
            case .failed: "Failed"
            case .expired: "Expired"
            case .other(let value): value
            }
        }

        /// The function was executed: the response carries its output data.
        public var isExecuted: Bool { self == .executedSuccess || self == .executedWithWarning }

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var status: Status
    public var statusCodeData: StatusCodeData?

    public init(status: Status, statusCodeData: StatusCodeData? = nil) {
        self.status = status
        self.statusCodeData = statusCodeData
    }
}

/// `statusCodeData` (SGP.22 §6.5.1.4): subject code, reason code and an optional message,
/// kept as the strings on the wire so codes this build does not name still round-trip.
public struct StatusCodeData: Codable, Hashable, Sendable {
    public var subjectCode: String
    public var reasonCode: String
    public var subjectIdentifier: String?
    public var message: String?

    public init(subjectCode: String, reasonCode: String, subjectIdentifier: String? = nil, message: String? = nil) {
        self.subjectCode = subjectCode
        self.reasonCode = reasonCode
        self.subjectIdentifier = subjectIdentifier
        self.message = message
    }

    public init(_ code: StatusCode) {
        self.init(subjectCode: code.subjectCode.rawValue, reasonCode: code.reasonCode.rawValue, message: code.message)
    }

    public var statusCode: StatusCode {
        StatusCode(SubjectCode(rawValue: subjectCode), ReasonCode(rawValue: reasonCode), message)
    }
}

/// A response that carries only the header: every failed function, and the successful
/// ES9+.CancelSession (SGP.22 §6.5.2).
public struct HeaderOnlyResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader

    public init(header: ResponseHeader) {
        self.header = header
    }
}
