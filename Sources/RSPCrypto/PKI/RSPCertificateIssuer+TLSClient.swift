import Crypto
import Foundation
import X509

extension RSPCertificateIssuer {
    /// A TLS client certificate issued by the CI, for a party that authenticates by mutual TLS
    /// but has no SGP.22 certificate role: an operator calling the SM-DP+'s ES2+ (SGP.22 §5.3
    /// leaves its certificate to the operator and SM-DP+ to agree on; here the private CI
    /// issues it, so the ES2+ listener trusts one CA).
    ///
    /// Subject `O=<organization>, CN=<commonName>`; critical keyUsage digitalSignature,
    /// extendedKeyUsage clientAuth only (it cannot serve TLS), no certificatePolicies role OID
    /// (it is not an SGP.22 certificate), SubjectKeyIdentifier and AuthorityKeyIdentifier.
    /// The SM-DP+ knows the operator by the SHA-256 of this certificate's DER.
    public static func issueTLSClientCertificate(
        commonName: String,
        organization: String? = nil,
        issuer ci: RSPIdentity,
        notBefore: Date = Date(timeIntervalSinceNow: -3600),
        notAfter: Date = Date(timeIntervalSinceNow: 2 * 365 * 86_400),
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()
    ) throws -> RSPIdentity {
        guard !commonName.isEmpty else {
            throw RSPCertificateError.invalidParameter("a TLS client certificate needs a common name")
        }
        let extensions: [Certificate.Extension] = [
            try Critical(KeyUsage(digitalSignature: true)).makeCertificateExtension(),
            try ExtendedKeyUsage([.clientAuth]).makeCertificateExtension(),
        ]
        return try issue(
            subject: try name(organization: organization, commonName: commonName), key: key, issuer: ci,
            notBefore: notBefore, notAfter: notAfter, extensions: extensions)
    }
}
