import RSPCore
import Synchronization
import SwiftASN1
import X509

/// The subjectAltName registeredIDs of a CERT.DPauth.ECDSA, remembered for the last certificate read.
///
/// The LPA only needs those OIDs (to match an activation code's SM-DP+ OID), yet reading them means
/// parsing the whole certificate, public key included; an LPA talking to one SM-DP+ gets the same
/// certificate in every session. The result is a pure function of the DER bytes, so the cache (keyed by
/// the complete bytes) answers exactly what a parse would. No verification is involved: the eUICC
/// verifies the certificate itself in AuthenticateServer.
enum ServerCertificateOIDs {
    private static let last = Mutex<(der: [UInt8], registeredIDs: [ASN1ObjectIdentifier])?>(nil)

    static func registeredIDs(of certificate: CertificateDER) throws -> [ASN1ObjectIdentifier] {
        let der = certificate.derBytes
        if let cached = last.withLock({ $0 }), cached.der == der { return cached.registeredIDs }
        let parsed = try Certificate(derEncoded: der)
        let registeredIDs = (try parsed.extensions.subjectAlternativeNames ?? SubjectAlternativeNames([]))
            .compactMap { name -> ASN1ObjectIdentifier? in
                if case .registeredID(let oid) = name { return oid }
                return nil
            }
        last.withLock { $0 = (der, registeredIDs) }
        return registeredIDs
    }
}
