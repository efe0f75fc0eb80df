/// SGP.22 §5.2.6.1 subject codes: *what* a failed function is about.
public struct SubjectCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let generic = SubjectCode(rawValue: "1")
    public static let functionRequester = SubjectCode(rawValue: "1.1")
    public static let functionProvider = SubjectCode(rawValue: "1.2")
    public static let euicc = SubjectCode(rawValue: "8.1")
    public static let eid = SubjectCode(rawValue: "8.1.1")
    public static let eumCertificate = SubjectCode(rawValue: "8.1.2")
    public static let euiccCertificate = SubjectCode(rawValue: "8.1.3")
    public static let profile = SubjectCode(rawValue: "8.2")
    public static let profileICCID = SubjectCode(rawValue: "8.2.1")
    public static let profileType = SubjectCode(rawValue: "8.2.5")
    public static let matchingID = SubjectCode(rawValue: "8.2.6")
    public static let confirmationCode = SubjectCode(rawValue: "8.2.7")
    public static let smdp = SubjectCode(rawValue: "8.8")
    public static let smdpAddress = SubjectCode(rawValue: "8.8.1")
    public static let securityConfiguration = SubjectCode(rawValue: "8.8.2")
    public static let specificationVersionNumber = SubjectCode(rawValue: "8.8.3")
    public static let smdpCertificate = SubjectCode(rawValue: "8.8.4")
    public static let downloadOrder = SubjectCode(rawValue: "8.8.5")
    public static let smds = SubjectCode(rawValue: "8.9")
    public static let smdsAddress = SubjectCode(rawValue: "8.9.1")
    public static let eventRecord = SubjectCode(rawValue: "8.9.5")
    public static let transactionID = SubjectCode(rawValue: "8.10.1")
    public static let ci = SubjectCode(rawValue: "8.11")
    public static let ciPublicKey = SubjectCode(rawValue: "8.11.1")

    public var description: String { rawValue }
}

/// SGP.22 §5.2.6.2 reason codes: *why* the function failed.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let unknownIdentification = ReasonCode(rawValue: "1.1")   // Access error: unknown (identification or authentication)
    public static let notAllowed = ReasonCode(rawValue: "1.2")              // Access error: not allowed (authorisation)
    public static let invalid = ReasonCode(rawValue: "2.1")                 // Format error
    public static let mandatoryElementMissing = ReasonCode(rawValue: "2.2")
    public static let conditionalElementMissing = ReasonCode(rawValue: "2.3")
    public static let unsupported = ReasonCode(rawValue: "3.1")             // Conditions of use not satisfied
    public static let alreadyInUse = ReasonCode(rawValue: "3.3")
    public static let unavailable = ReasonCode(rawValue: "3.7")
    public static let refused = ReasonCode(rawValue: "3.8")
    public static let unknown = ReasonCode(rawValue: "3.9")
    public static let invalidAssociation = ReasonCode(rawValue: "3.10")
    public static let valueHasChanged = ReasonCode(rawValue: "3.11")
    public static let invalidMatch = ReasonCode(rawValue: "3.12")
    public static let executionError = ReasonCode(rawValue: "4.2")          // Processing error
    public static let stoppedOnWarning = ReasonCode(rawValue: "4.3")
    public static let insufficientMemory = ReasonCode(rawValue: "4.8")
    public static let timeToLiveExpired = ReasonCode(rawValue: "4.10")
    public static let inaccessible = ReasonCode(rawValue: "5.1")            // Transport error
    public static let verificationFailed = ReasonCode(rawValue: "6.1")      // Security error
    public static let expired = ReasonCode(rawValue: "6.3")
    public static let maximumAttemptsExceeded = ReasonCode(rawValue: "6.4")

    public var description: String { rawValue }
}
