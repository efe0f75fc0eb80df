import Foundation

/// Why a certificate, a chain or a key file was rejected.
///
/// Subjects are rendered as distinguished-name text (e.g. "CN=Test CI,OU=TESTCERT,O=RSPTEST,C=IT")
/// so that a log line says which certificate failed. The flows map these to SGP.22 status codes
/// (e.g. ES9+ AuthenticateClient: 8.1.3 "eUICC certificate: verification failed",
/// 8.11.1 "CI public key: unknown").
public enum RSPCertificateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not parseable, or a required extension could not be decoded.
    case malformed(String)
    /// A required extension is absent.
    case missingExtension(subject: String, extension: String)
    /// A critical extension this verifier does not understand (RFC 5280 §4.2).
    case unsupportedCriticalExtension(subject: String, oid: String)
    /// The signature does not verify with the issuer's public key.
    case signatureInvalid(subject: String)
    /// No trusted CI (or given intermediate) issued this certificate: a foreign CI, a missing
    /// EUM certificate, or an AuthorityKeyIdentifier that names no known key.
    case issuerUnknown(subject: String, issuer: String)
    case expired(subject: String, notAfter: Date)
    case notYetValid(subject: String, notBefore: Date)
    /// The certificate's `id-rspRole-*` policy is not the one expected at its place in the chain.
    case wrongRole(subject: String, expected: CertificateRole, found: [CertificateRole])
    /// An issuing certificate is not a CA (basicConstraints) or may not sign certificates (keyUsage).
    case notACA(subject: String)
    /// The key usage / extended key usage does not match the role (SGP.22 §4.5.2.1).
    case wrongKeyUsage(subject: String, role: CertificateRole)
    /// The eUICC subject serialNumber is not a valid EID (32 digits, check digits).
    case invalidEID(subject: String, value: String)
    /// The EID (or the eUICC's organisation) is outside every permitted subtree of the EUM
    /// certificate's nameConstraints (SGP.22 §4.5.2.1.0.2: the EID must start with a permitted prefix).
    case eidOutsideEUMRange(eid: String, permitted: [String])
    /// A private key does not belong to the certificate it is paired with.
    case keyMismatch(subject: String)
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// An argument to an issuing function is not usable (e.g. a non-digit EID prefix).
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed certificate: \(why)"
        case .missingExtension(let subject, let ext): "\(subject): missing \(ext) extension"
        case .unsupportedCriticalExtension(let subject, let oid): "\(subject): unsupported critical extension \(oid)"
        case .signatureInvalid(let subject): "\(subject): signature does not verify with the issuer's key"
        case .issuerUnknown(let subject, let issuer): "\(subject): issuer \(issuer) is not a known CI or intermediate"
        case .expired(let subject, let notAfter): "\(subject): expired at \(notAfter)"
        case .notYetValid(let subject, let notBefore): "\(subject): not valid before \(notBefore)"
        case .wrongRole(let subject, let expected, let found):
            "\(subject): expected role \(expected), found \(found.isEmpty ? "none" : found.map(\.description).joined(separator: ", "))"
        case .notACA(let subject): "\(subject): not a certificate authority"
        case .wrongKeyUsage(let subject, let role): "\(subject): key usage does not match \(role)"
        case .invalidEID(let subject, let value): "\(subject): serialNumber \(value) is not a valid EID"
        case .eidOutsideEUMRange(let eid, let permitted):
            "EID \(eid) is outside the EUM's permitted range (\(permitted.joined(separator: ", ")))"
        case .keyMismatch(let subject): "\(subject): the private key does not match the certificate"
        case .file(let path, let reason): "\(path): \(reason)"
        case .invalidParameter(let why): "invalid parameter: \(why)"
        }
    }
}
