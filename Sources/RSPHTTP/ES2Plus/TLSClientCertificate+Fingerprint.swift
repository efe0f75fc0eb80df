import Crypto
import NIOCore
import RSPCore
import RSPCrypto
import X509

extension TLSClientCertificate {
    /// SHA-256 of the certificate's DER: how the SM-DP+ knows an ES2+ caller (`ES2PlusCaller`,
    /// `OperatorRecord.certificateFingerprint`). A hash of the whole certificate, not of its key,
    /// so a re-issued certificate must be registered again.
    public static func fingerprint(of certificate: Certificate) throws -> [UInt8] {
        Array(SHA256.hash(data: try certificate.derBytes()))
    }

    /// The fingerprint of the verified client certificate of `channel`'s TLS session; 1.1/1.1
    /// when there is none (see `peerCertificate(of:)`).
    static func peerFingerprint(of channel: any Channel) async throws -> [UInt8] {
        let certificate = try await peerCertificate(of: channel)
        do {
            return try fingerprint(of: certificate)
        } catch {
            throw StatusCode.requesterNotAuthenticated
        }
    }
}
