import RSPCore

/// Why an LPA operation failed, in terms the end user (and the CLI) can act on.
///
/// Every failure of the eUICC, the card link, the SM-DP+ or the input ends up as one of these:
/// an APDU status word (ETSI TS 102 221 §10.2), an ES10 function's own error code (SGP.22 §5.7),
/// an ES9+ status code (subject/reason, SGP.22 §5.6 and §6.5.1.4), or a problem the LPA
/// detects itself.
public enum LPAError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The eUICC answered a command with a status word other than '9000'.
    case statusWord(UInt16, function: ES10Function)
    /// An ES10 function ran and reported its own error code (e.g. `DownloadErrorCode`).
    case es10(ES10FunctionError)
    /// The SM-DP+ reported a failed function with a status code.
    case server(StatusCode, function: ES9PlusFunction)
    /// The SM-DP+ could not be reached, or answered outside ES9+ (HTTP/TLS failure).
    case serverUnreachable(address: String, function: ES9PlusFunction, reason: String)
    /// The SM-DS reported a failed ES11 function with a status code (SGP.22 §5.8).
    case smds(StatusCode, function: ES11Function)
    /// The SM-DS could not be reached, or answered outside ES11 (HTTP/TLS failure).
    case smdsUnreachable(address: String, function: ES11Function, reason: String)
    /// Event retrieval (SGP.22 §3.6.2) cannot run: no ES11 endpoint or no SM-DS address.
    case discoveryNotConfigured(reason: String)
    /// The APDU transport to the eUICC failed.
    case cardUnreachable(reason: String)
    /// The SM-DP+ requires a confirmation code (ccRequiredFlag, SGP.22 §3.1.3.3) and none was given.
    case confirmationCodeMissing
    /// The end user declined the profile after seeing its metadata (SGP.22 §3.1.3.3).
    case rejectedByEndUser
    /// The activation code cannot be used (SGP.22 §4.1).
    case activationCode(String)
    /// A request could not be built or does not fit the ES10 transport.
    case invalidRequest(function: String, reason: String)
    /// The eUICC or the SM-DP+ answered with something SGP.22 does not allow at this step.
    case unexpectedResponse(function: String, reason: String)
    /// The server chose an SGP.22 version the eUICC did not offer (`VersionNegotiation`); the
    /// eUICC refused AuthenticateServer (with undefinedError) and the server was told.
    case versionRefused(VersionNegotiation.Refusal)
    /// The function needs a feature the eUICC and the server did not agree on for this session.
    case featureNotNegotiated(RSPFeatures, agreement: VersionNegotiation.Agreement)

    public var description: String {
        switch self {
        case .statusWord(let sw, let function):
            return "The eUICC refused \(function) with status word \(Self.hex(sw))\(Self.meaning(of: sw).map { " (\($0))" } ?? "")."
        case .es10(let error):
            return error.description
        case .server(let status, let function):
            let message = status.message.map { "\($0)" } ?? "failed"
            return "The SM-DP+ refused \(function): \(message) (subject code \(status.subjectCode), reason code \(status.reasonCode))."
        case .serverUnreachable(let address, let function, let reason):
            return "Could not reach the SM-DP+ at \(address) for \(function): \(reason)."
        case .smds(let status, let function):
            let message = status.message.map { "\($0)" } ?? "failed"
            return "The SM-DS refused \(function): \(message) (subject code \(status.subjectCode), reason code \(status.reasonCode))."
        case .smdsUnreachable(let address, let function, let reason):
            return "Could not reach the SM-DS at \(address) for \(function): \(reason)."
        case .discoveryNotConfigured(let reason):
            return "Cannot look for profiles on an SM-DS: \(reason)."
        case .cardUnreachable(let reason):
            return "Could not talk to the eUICC: \(reason)."
        case .confirmationCodeMissing:
            return "This profile requires a confirmation code. Ask your operator for it and try again with it."
        case .rejectedByEndUser:
            return "The profile download was cancelled: the profile was not accepted."
        case .activationCode(let reason):
            return "The activation code cannot be used: \(reason)."
        case .invalidRequest(let function, let reason):
            return "Could not send \(function): \(reason)."
        case .unexpectedResponse(let function, let reason):
            return "Unexpected answer to \(function): \(reason)."
        case .versionRefused(let refusal):
            return "The eUICC and the server share no SGP.22 version: \(refusal)."
        case .featureNotNegotiated(let feature, let agreement):
            return "This session (SGP.22 \(agreement.version), features \(agreement.features.description.isEmpty ? "none" : agreement.features.description)) does not allow \(feature)."
        }
    }

    static func hex(_ sw: UInt16) -> String {
        [UInt8(sw >> 8), UInt8(sw & 0xFF)].hexString
    }

    /// The usual meaning of the status words an ISD-R answers (ETSI TS 102 221 §10.2).
    static func meaning(of sw: UInt16) -> String? {
        switch sw {
        case StatusWord.wrongLength: return "wrong length"
        case StatusWord.securityStatusNotSatisfied: return "security status not satisfied"
        case StatusWord.conditionsOfUseNotSatisfied: return "conditions of use not satisfied"
        case StatusWord.incorrectData: return "incorrect data"
        case StatusWord.fileNotFound: return "ISD-R not found"
        case StatusWord.incorrectP1P2: return "incorrect P1/P2"
        case StatusWord.insNotSupported: return "instruction not supported"
        case StatusWord.claNotSupported: return "class not supported"
        case StatusWord.logicalChannelNotSupported: return "logical channel not supported"
        case 0x6A84: return "not enough memory"
        case 0x6A81: return "function not supported"
        default: return nil
        }
    }
}

/// An ES10 function's error code (SGP.22 §5.7: `AuthenticateErrorCode`, `DownloadErrorCode`,
/// the `…Result` integers, the `errorReason` of a Profile Installation Result…).
public struct ES10FunctionError: Hashable, Sendable, CustomStringConvertible {
    public var function: ES10Function
    public var code: Int
    /// The spec's name of the code, when it is one SGP.22 v2.2.2 defines.
    public var name: String?
    /// More context, e.g. the BPP command that failed during installation.
    public var detail: String?

    public init(function: ES10Function, code: Int, name: String? = nil, detail: String? = nil) {
        self.function = function
        self.code = code
        self.name = name
        self.detail = detail
    }

    public init(_ function: ES10Function, _ code: some NamedInteger, detail: String? = nil) {
        self.init(function: function, code: code.rawValue, name: code.name, detail: detail)
    }

    public var description: String {
        let what = name.map { "\($0) (\(code))" } ?? "error code \(code)"
        let context = detail.map { ", \($0)" } ?? ""
        return "The eUICC reported \(what) for \(function)\(context)."
    }
}
