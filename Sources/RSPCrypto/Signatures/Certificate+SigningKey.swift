import Crypto
import X509

extension Certificate {
    /// The certificate's P-256 key, to verify SGP.22 signatures made with its private key.
    public func p256SigningKey() throws(SignatureError) -> P256.Signing.PublicKey {
        guard let key = P256.Signing.PublicKey(publicKey) else { throw SignatureError.unsupportedKey }
        return key
    }
}
