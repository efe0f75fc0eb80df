/// Why a textual or binary identifier was rejected.
public enum IdentifierError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidEID(String)
    case invalidICCID(String)
    case invalidActivationCode(String)
    case invalidVersion(String)
    case invalidMatchingID(String)
    case invalidOperatorID(String)
    case invalidTransactionID(String)

    public var description: String {
        switch self {
        case .invalidEID(let why), .invalidICCID(let why), .invalidActivationCode(let why), .invalidVersion(let why),
            .invalidMatchingID(let why), .invalidOperatorID(let why), .invalidTransactionID(let why):
            return why
        }
    }
}
