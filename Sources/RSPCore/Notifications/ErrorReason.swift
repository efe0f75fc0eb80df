import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6): why profile installation failed, in ErrorResult.
///
/// ```asn1
/// ErrorReason ::= INTEGER {
///     incorrectInputValues(1),
///     invalidSignature(2),
///     invalidTransactionId(3),
///     unsupportedCrtValues(4),
///     unsupportedRemoteOperationType(5),
///     unsupportedProfileClass(6),
///     scp03tStructureError(7),
///     scp03tSecurityError(8),
///     installFailedDueToIccidAlreadyExistsOnEuicc(9), installFailedDueToInsufficientMemoryForProfile(10),
///     installFailedDueToInterruption(11),
///     installFailedDueToPEProcessingError (12),
///     installFailedDueToIccidMismatch(13),
///     testProfileInstallFailedDueToInvalidNaaKey(14),
///     pprNotAllowed(15),
///     installFailedDueToUnknownError(127)
/// }
/// ```
public struct ErrorReason: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let incorrectInputValues = ErrorReason(rawValue: 1)
    public static let invalidSignature = ErrorReason(rawValue: 2)
    public static let invalidTransactionId = ErrorReason(rawValue: 3)
    public static let unsupportedCrtValues = ErrorReason(rawValue: 4)
    public static let unsupportedRemoteOperationType = ErrorReason(rawValue: 5)
    public static let unsupportedProfileClass = ErrorReason(rawValue: 6)
    public static let scp03tStructureError = ErrorReason(rawValue: 7)
    public static let scp03tSecurityError = ErrorReason(rawValue: 8)
    public static let installFailedDueToIccidAlreadyExistsOnEuicc = ErrorReason(rawValue: 9)
    public static let installFailedDueToInsufficientMemoryForProfile = ErrorReason(rawValue: 10)
    public static let installFailedDueToInterruption = ErrorReason(rawValue: 11)
    public static let installFailedDueToPEProcessingError = ErrorReason(rawValue: 12)
    public static let installFailedDueToIccidMismatch = ErrorReason(rawValue: 13)
    public static let testProfileInstallFailedDueToInvalidNaaKey = ErrorReason(rawValue: 14)
    public static let pprNotAllowed = ErrorReason(rawValue: 15)
    public static let installFailedDueToUnknownError = ErrorReason(rawValue: 127)

    public static let names: [Int: String] = [
        1: "incorrectInputValues", 2: "invalidSignature", 3: "invalidTransactionId", 4: "unsupportedCrtValues",
        5: "unsupportedRemoteOperationType", 6: "unsupportedProfileClass", 7: "scp03tStructureError",
        8: "scp03tSecurityError", 9: "installFailedDueToIccidAlreadyExistsOnEuicc",
        10: "installFailedDueToInsufficientMemoryForProfile", 11: "installFailedDueToInterruption",
        12: "installFailedDueToPEProcessingError", 13: "installFailedDueToIccidMismatch",
        14: "testProfileInstallFailedDueToInvalidNaaKey", 15: "pprNotAllowed", 127: "installFailedDueToUnknownError",
    ]
}
