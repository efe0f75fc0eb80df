/// Data-object tags and sizes of SGP.22 signatures and one-time keys (SGP.22 §2.6.5, §5.7.13 and the
/// ASN.1 module: `[APPLICATION 55]` '5F37' signatures, `[APPLICATION 73]` '5F49' one-time public keys).
public enum SignatureConstants {
    /// '5F37': `[APPLICATION 55] OCTET STRING` holding an ECDSA signature in plain r‖s form (SGP.22 §2.6.5).
    public static let signatureTag: [UInt8] = [0x5F, 0x37]
    /// '5F49': `[APPLICATION 73] OCTET STRING` holding a one-time ECKA public key, otPK (SGP.22 §5.7.13).
    public static let oneTimePublicKeyTag: [UInt8] = [0x5F, 0x49]
    /// Length of r‖s for NIST P-256 (BSI TR-03111 §5.2.2 plain format): 2 × 32 bytes.
    public static let p256SignatureLength = 64
    /// Length of an uncompressed P-256 public key '04' ‖ X ‖ Y (BSI TR-03111 §3.2.1).
    public static let p256UncompressedPublicKeyLength = 65
}
