/// A failed function's `statusCodeData` (SGP.22 §6.5.1.4): subject, reason and a message.
///
/// This is the one error type servers render: every domain failure maps to one of the
/// constants below (the combinations SGP.22 §5.6 and §5.7 define per function), so the
/// same condition always yields the same code whichever path detects it.
public struct StatusCode: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var subjectCode: SubjectCode
    public var reasonCode: ReasonCode
    public var message: String?

    public init(_ subject: SubjectCode, _ reason: ReasonCode, _ message: String? = nil) {
        self.subjectCode = subject
        self.reasonCode = reason
        self.message = message
    }

    /// The same code with a more specific message.
    public func with(message: String) -> StatusCode { StatusCode(subjectCode, reasonCode, message) }

    public var description: String {
        "\(subjectCode.rawValue)/\(reasonCode.rawValue)" + (message.map { " \($0)" } ?? "")
    }

    // MARK: Generic (any function)
    /// A request that cannot be decoded (bad JSON, base64 or DER).
    public static let malformedRequest = StatusCode(.functionRequester, .invalid, "Malformed request")
    public static let mandatoryElementMissing = StatusCode(.functionRequester, .mandatoryElementMissing, "Mandatory element missing")
    public static let unsupportedFunction = StatusCode(.functionProvider, .unsupported, "Function not supported")
    public static let executionError = StatusCode(.functionProvider, .executionError, "Execution error")

    // MARK: ES9+.InitiateAuthentication (§5.6.1)
    public static let invalidSMDPAddress = StatusCode(.smdpAddress, .refused, "Invalid SM-DP+ Address")
    public static let unsupportedCIPKId = StatusCode(.securityConfiguration, .unsupported,
        "None of the proposed Public Key Identifiers is supported by the SM-DP+")
    public static let unsupportedSVN = StatusCode(.specificationVersionNumber, .unsupported,
        "The Specification Version Number indicated by the eUICC is not supported by the SM-DP+")
    public static let noSMDPCertificateForCI = StatusCode(.smdpCertificate, .unavailable,
        "The SM-DP+ has no CERT.DPauth.ECDSA signed by one of the GSMA CI Public Key supported by the eUICC")

    // MARK: ES9+.AuthenticateClient (§5.6.3)
    public static let eumCertificateInvalid = StatusCode(.eumCertificate, .verificationFailed, "EUM Certificate is invalid")
    public static let eumCertificateExpired = StatusCode(.eumCertificate, .expired, "EUM Certificate has expired")
    public static let euiccCertificateInvalid = StatusCode(.euiccCertificate, .verificationFailed, "eUICC Certificate is invalid")
    public static let euiccCertificateExpired = StatusCode(.euiccCertificate, .expired, "eUICC Certificate has expired")
    public static let euiccSignatureInvalid = StatusCode(.euicc, .verificationFailed,
        "eUICC signature is invalid or serverChallenge is invalid")
    public static let insufficientMemory = StatusCode(.euicc, .insufficientMemory, "Insufficient memory on the eUICC")
    public static let unknownCIPublicKey = StatusCode(.ciPublicKey, .unknown, "Unknown CI Public Key")
    public static let profileNotReleased = StatusCode(.profile, .notAllowed, "Profile has not yet been released")
    public static let matchingIDRefused = StatusCode(.matchingID, .refused, "MatchingID (AC_Token or EventID) is refused")
    public static let eidRefused = StatusCode(.eid, .refused, "EID doesn't match the expected value")
    public static let noEligibleProfile = StatusCode(.profileType, .stoppedOnWarning, "No eligible Profile for this eUICC/Device")
    public static let downloadOrderExpired = StatusCode(.downloadOrder, .timeToLiveExpired, "Download order has expired")
    public static let downloadRetriesExceeded = StatusCode(.downloadOrder, .maximumAttemptsExceeded,
        "Maximum number of retries for Profile download order exceeded")
    public static let unknownTransactionID = StatusCode(.transactionID, .unknown,
        "The RSP session identified by the TransactionID is unknown")

    // MARK: ES9+.GetBoundProfilePackage (§5.6.2)
    public static let confirmationCodeMissing = StatusCode(.confirmationCode, .mandatoryElementMissing, "Confirmation Code is missing")
    public static let confirmationCodeRefused = StatusCode(.confirmationCode, .refused, "Confirmation Code is refused")
    public static let confirmationCodeRetriesExceeded = StatusCode(.confirmationCode, .maximumAttemptsExceeded,
        "The maximum number of retries for the Confirmation Code has been exceeded")
    public static let bppNotAvailableForNewBinding = StatusCode(.profile, .unavailable,
        "The BPP is not available for a new binding")

    // MARK: ES9+.CancelSession (§5.6.5)
    public static let invalidSMDPOID = StatusCode(.smdp, .invalidAssociation, "The provided SM-DP+ OID is invalid")

    // MARK: ES2+ (§5.3)
    public static let unknownICCID = StatusCode(.profileICCID, .unknown, "Unknown ICCID")
    public static let iccidAlreadyInUse = StatusCode(.profileICCID, .alreadyInUse, "ICCID already in use")
    public static let unknownEID = StatusCode(.eid, .unknown, "Unknown EID")
    public static let unknownProfileType = StatusCode(.profileType, .unknown, "Unknown Profile Type")
    public static let profileTypeUnavailable = StatusCode(.profileType, .unavailable, "No more Profile available for this Profile Type")
    public static let matchingIDAlreadyInUse = StatusCode(.matchingID, .alreadyInUse, "MatchingID already in use")
    public static let unknownEventRecord = StatusCode(.eventRecord, .unknown, "Unknown event record")
    /// An ICCID that is not 18 to 20 digits.
    public static let iccidInvalid = StatusCode(.profileICCID, .invalid, "ICCID is invalid")
    public static let iccidNotAllowed = StatusCode(.profileICCID, .notAllowed,
        "The function requester is not allowed to act on this Profile")
    public static let profileTypeNotAllowed = StatusCode(.profileType, .notAllowed,
        "The function requester is not allowed to order this Profile Type")
    /// The profile's order is not in a state this function can move it from (e.g. releasing a
    /// profile that was never confirmed, confirming one twice).
    public static let profileStateRefused = StatusCode(.profileICCID, .refused,
        "The Profile's order is not in a state that allows this function")
    public static let eidInvalid = StatusCode(.eid, .invalid, "EID is invalid")
    public static let eidMissing = StatusCode(.eid, .mandatoryElementMissing, "EID is missing")
    public static let eidInvalidAssociation = StatusCode(.eid, .invalidAssociation,
        "A different EID is associated with this ICCID")
    public static let matchingIDInvalidAssociation = StatusCode(.matchingID, .invalidAssociation,
        "The MatchingID does not belong to this ICCID")
    public static let smdsInaccessible = StatusCode(.smds, .inaccessible, "SM-DS is inaccessible")
    public static let smdsExecutionError = StatusCode(.smds, .executionError, "SM-DS execution error")
    /// No operator is bound to the caller's TLS client certificate (or there is none).
    public static let requesterNotAuthenticated = StatusCode(.functionRequester, .unknownIdentification,
        "Function requester not authenticated by a TLS client certificate")
    /// The header's functionRequesterIdentifier names another operator than the certificate.
    public static let requesterNotAllowed = StatusCode(.functionRequester, .notAllowed,
        "functionRequesterIdentifier does not match the authenticated function requester")
    /// A functionCallIdentifier repeated with a different request.
    public static let functionCallIdentifierReused = StatusCode(.functionRequester, .alreadyInUse,
        "functionCallIdentifier already used for a different request")

    // MARK: ES11.InitiateAuthentication (§5.8.1)
    public static let invalidSMDSAddress = StatusCode(.smdsAddress, .refused, "Invalid SM-DS Address")

    // MARK: ES12.RegisterEvent (§5.9.1)
    public static let eventIdAlreadyInUse = StatusCode(.eventRecord, .alreadyInUse, "EventID already in use")
}

/// Anything that can say which SGP.22 status code describes it.
public protocol StatusCodeConvertible: Error {
    var statusCode: StatusCode { get }
}

extension StatusCode: StatusCodeConvertible {
    public var statusCode: StatusCode { self }
}
