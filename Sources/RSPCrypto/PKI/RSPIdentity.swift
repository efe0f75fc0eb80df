import Crypto
import Foundation
import RSPCore
import X509

/// A certificate together with the P-256 private key of its subject: what an SM-DP+, an SM-DS,
/// an EUM (issuing eUICC certificates) or an eUICC signs with.
public struct RSPIdentity: Hashable, Sendable {
    public let certificate: Certificate
    public let privateKey: P256.Signing.PrivateKey
    /// The certificate's DER, encoded once here: servers send it in every session
    /// (serverCertificate, smdpCertificate), and re-encoding an unchanging certificate per
    /// request was measurable.
    public let certificateDER: CertificateDER

    /// Pairs a certificate with its key; throws `keyMismatch` when the key is not the
    /// certificate's subject key.
    public init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) throws(RSPCertificateError) {
        guard Certificate.PublicKey(privateKey.publicKey) == certificate.publicKey else {
            throw .keyMismatch(subject: certificate.subject.description)
        }
        self.certificate = certificate
        self.privateKey = privateKey
        do {
            self.certificateDER = try CertificateDER(derBytes: try certificate.derBytes())
        } catch {
            throw .malformed("\(certificate.subject): \(error)")
        }
    }

    public static func == (lhs: RSPIdentity, rhs: RSPIdentity) -> Bool {
        lhs.certificate == rhs.certificate && lhs.privateKey.rawRepresentation == rhs.privateKey.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(certificate)
    }
}

extension RSPIdentity: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The certificate's subject only: an identity holds a private key, which must never reach a log.
    public var description: String { "RSPIdentity(\(certificate.subject), key: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["certificate": certificate.subject.description]) }
}
