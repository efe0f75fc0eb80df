/// Why a signature (or the data it covers) was rejected.
public enum SignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    /// r‖s does not have the curve's length (64 bytes for P-256).
    case wrongSignatureLength(expected: Int, actual: Int)
    /// The signature does not verify over the data with the given public key.
    case invalidSignature
    /// An X9.62 `ECDSA-Sig-Value` could not be decoded or does not fit the curve.
    case malformedDERSignature(String)
    /// A '5F37' (or '5F49') data object is malformed.
    case malformedDataObject(String)
    /// A one-time public key is not an uncompressed P-256 point ('04' ‖ X ‖ Y, 65 bytes).
    case malformedPublicKey(String)
    /// The message holding the signed part does not have the expected structure.
    case malformedSignedMessage(String)
    /// The certificate's key is not a P-256 key (SGP.22 NIST profile).
    case unsupportedKey

    public var description: String {
        switch self {
        case .wrongSignatureLength(let expected, let actual):
            return "signature has \(actual) bytes, expected \(expected)"
        case .invalidSignature:
            return "signature does not verify"
        case .malformedDERSignature(let why):
            return "malformed DER ECDSA signature: \(why)"
        case .malformedDataObject(let why):
            return "malformed data object: \(why)"
        case .malformedPublicKey(let why):
            return "malformed one-time public key: \(why)"
        case .malformedSignedMessage(let why):
            return "malformed signed message: \(why)"
        case .unsupportedKey:
            return "the certificate key is not a NIST P-256 key"
        }
    }
}
