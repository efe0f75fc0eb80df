import RSPCore

/// Why a profile could not be imported or ordered. Each maps to the ES2+ status code (SGP.22 §5.3)
/// an operator interface would answer.
public enum InventoryError: Error, Hashable, Sendable, CustomStringConvertible, StatusCodeConvertible {
    /// The bytes are not an Unprotected Profile Package (or its header has no valid ICCID).
    case invalidProfilePackage(String)
    case duplicateICCID(ICCID)
    case unknownICCID(ICCID)
    /// The profile already has a download order (a profile is delivered to one order).
    case profileAlreadyOrdered(ICCID)
    case matchingIDAlreadyInUse(String)
    case invalidMatchingID(String)
    case invalidConfirmationCode(String)

    public var description: String {
        switch self {
        case .invalidProfilePackage(let why): "not a usable profile package: \(why)"
        case .duplicateICCID(let iccid): "a profile with ICCID \(iccid) is already in the inventory"
        case .unknownICCID(let iccid): "no profile with ICCID \(iccid) in the inventory"
        case .profileAlreadyOrdered(let iccid): "the profile \(iccid) already has a download order"
        case .matchingIDAlreadyInUse(let id): "matchingId \(id) is already in use"
        case .invalidMatchingID(let why): "invalid matchingId: \(why)"
        case .invalidConfirmationCode(let why): "invalid confirmation code: \(why)"
        }
    }

    public var statusCode: StatusCode {
        switch self {
        case .invalidProfilePackage: StatusCode.malformedRequest.with(message: description)
        case .duplicateICCID: .iccidAlreadyInUse
        case .unknownICCID: .unknownICCID
        case .profileAlreadyOrdered: StatusCode.iccidAlreadyInUse.with(message: description)
        case .matchingIDAlreadyInUse: .matchingIDAlreadyInUse
        case .invalidMatchingID, .invalidConfirmationCode: StatusCode.malformedRequest.with(message: description)
        }
    }
}
