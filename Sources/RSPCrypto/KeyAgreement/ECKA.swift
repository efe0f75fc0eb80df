import Crypto

/// Elliptic Curve Key Agreement between the one-time keys of the SM-DP+ and the eUICC
/// (SGP.22 §2.6.6, GlobalPlatform Card Specification Amendment F §6.5.2.3; BSI TR-03111 ECKA-DH).
public enum ECKA {
    /// Parses a peer's one-time public key as sent in '5F49': uncompressed, '04' ‖ X ‖ Y (65 bytes).
    /// Throws `KeyAgreementError.invalidPublicKey` for another length or form, or a point not on the curve.
    public static func publicKey(uncompressed bytes: [UInt8]) throws -> P256.KeyAgreement.PublicKey {
        guard bytes.count == 65, bytes.first == 0x04 else {
            throw KeyAgreementError.invalidPublicKey("expected 65 bytes starting with 04, got \(bytes.count) bytes")
        }
        do {
            return try P256.KeyAgreement.PublicKey(x963Representation: bytes)
        } catch {
            throw KeyAgreementError.invalidPublicKey("not a P-256 point: \(error)")
        }
    }

    /// The uncompressed form '04' ‖ X ‖ Y of a one-time public key, as sent in '5F49'.
    public static func uncompressed(_ key: P256.KeyAgreement.PublicKey) -> [UInt8] {
        Array(key.x963Representation)
    }

    /// ECDH on P-256: the shared secret Z (the 32-byte X coordinate) between our one-time private
    /// key and the peer's uncompressed one-time public key.
    public static func sharedSecret(
        privateKey: P256.KeyAgreement.PrivateKey, peerPublicKey: [UInt8]
    ) throws -> SharedSecret {
        let peer = try publicKey(uncompressed: peerPublicKey)
        do {
            return try privateKey.sharedSecretFromKeyAgreement(with: peer)
        } catch {
            throw KeyAgreementError.invalidPublicKey("key agreement failed: \(error)")
        }
    }
}

extension SharedSecret {
    /// The raw shared secret Z. A secret: never log it.
    public var rawBytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
