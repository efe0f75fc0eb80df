import SwiftASN1
import X509

/// The role of a certificate in the SGP.22 PKI (SGP.22 v2.2.2 §4.5.2, Figure 23), marked by the
/// `id-rspRole-*` policy OID in its critical certificatePolicies extension.
///
/// CI → EUM → eUICC; CI → SM-DP+ (auth, pb, tls); CI → SM-DS (auth, tls).
public enum CertificateRole: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case ci
    case eum
    case euicc
    case dpAuth
    case dpPb
    case dpTLS
    case dsAuth
    case dsTLS

    /// The `id-rspRole-*` policy OID (SGP.22 §4.5.2.1).
    public var policyOID: ASN1ObjectIdentifier {
        switch self {
        case .ci: RSPOIDs.roleCI
        case .eum: RSPOIDs.roleEUM
        case .euicc: RSPOIDs.roleEUICC
        case .dpAuth: RSPOIDs.roleDPAuth
        case .dpPb: RSPOIDs.roleDPPb
        case .dpTLS: RSPOIDs.roleDPTLS
        case .dsAuth: RSPOIDs.roleDSAuth
        case .dsTLS: RSPOIDs.roleDSTLS
        }
    }

    /// The role whose policy OID is `oid`, nil for any other OID.
    public init?(policyOID oid: ASN1ObjectIdentifier) {
        guard let role = Self.allCases.first(where: { $0.policyOID == oid }) else { return nil }
        self = role
    }

    /// The role of the certificate that issues this one; nil for the self-signed CI.
    public var issuerRole: CertificateRole? {
        switch self {
        case .ci: nil
        case .euicc: .eum
        case .eum, .dpAuth, .dpPb, .dpTLS, .dsAuth, .dsTLS: .ci
        }
    }

    /// Whether certificates of this role are CAs (basicConstraints cA TRUE).
    public var isCertificateAuthority: Bool { self == .ci || self == .eum }

    /// Whether certificates of this role are TLS server certificates.
    public var isTLS: Bool { self == .dpTLS || self == .dsTLS }

    /// The key usage SGP.22 §4.5.2.1 prescribes: keyCertSign (+ cRLSign for the CI) for CAs,
    /// digitalSignature for every end-entity certificate.
    public var keyUsage: KeyUsage {
        switch self {
        case .ci: KeyUsage(keyCertSign: true, cRLSign: true)
        case .eum: KeyUsage(keyCertSign: true)
        case .euicc, .dpAuth, .dpPb, .dpTLS, .dsAuth, .dsTLS: KeyUsage(digitalSignature: true)
        }
    }

    /// The SGP.26-style file name stem: `CERT_<stem>.der`, `SK_<stem>.pem`.
    public var fileStem: String {
        switch self {
        case .ci: "CI_ECDSA_NIST"
        case .eum: "EUM_ECDSA_NIST"
        case .euicc: "EUICC_ECDSA_NIST"
        case .dpAuth: "S_SM_DPauth_ECDSA_NIST"
        case .dpPb: "S_SM_DPpb_ECDSA_NIST"
        case .dpTLS: "S_SM_DP_TLS_NIST"
        case .dsAuth: "S_SM_DSauth_ECDSA_NIST"
        case .dsTLS: "S_SM_DS_TLS_NIST"
        }
    }

    /// The name SGP.22 uses for the certificate (e.g. "CERT.DPauth.ECDSA").
    public var description: String {
        switch self {
        case .ci: "CERT.CI.ECDSA"
        case .eum: "CERT.EUM.ECDSA"
        case .euicc: "CERT.EUICC.ECDSA"
        case .dpAuth: "CERT.DPauth.ECDSA"
        case .dpPb: "CERT.DPpb.ECDSA"
        case .dpTLS: "CERT.DP.TLS"
        case .dsAuth: "CERT.DSauth.ECDSA"
        case .dsTLS: "CERT.DS.TLS"
        }
    }
}
