/// Why a key agreement or key derivation was refused.
public enum KeyAgreementError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The peer's one-time public key is not a valid uncompressed P-256 point.
    case invalidPublicKey(String)
    /// A SharedInfo input is out of range (hostId 1…16 bytes, EID 16 bytes).
    case invalidSharedInfo(String)

    public var description: String {
        switch self {
        case .invalidPublicKey(let why): return "invalid one-time public key: \(why)"
        case .invalidSharedInfo(let why): return "invalid key derivation input: \(why)"
        }
    }
}
