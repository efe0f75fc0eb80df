import Crypto
import RSPCore
import SwiftASN1
import X509

/// The eUICC side of one RSP session (SGP.22 §3.1.2, §3.1.3): what GetEuiccChallenge,
/// AuthenticateServer and PrepareDownload established, kept in memory only.
///
/// It ends with CancelSession, with the end of LoadBoundProfilePackage (success or error), with any
/// AuthenticateServer/PrepareDownload error and with a card reset.
struct RSPSession: Sendable {
    /// The euiccChallenge handed out by GetEuiccChallenge.
    var euiccChallenge: [UInt8]
    var authenticated: AuthenticatedServer?
    var prepared: PreparedDownload?

    init(euiccChallenge: [UInt8]) {
        self.euiccChallenge = euiccChallenge
    }
}

/// What AuthenticateServer verified and answered (§5.7.13).
struct AuthenticatedServer: Sendable {
    var transactionId: [UInt8]
    var serverAddress: String
    /// CERT.DPauth.ECDSA (or CERT.DSauth.ECDSA).
    var serverCertificate: Certificate
    /// The SM-DP+ OID of the server certificate (subjectAltName registeredID).
    var smdpOid: ASN1ObjectIdentifier?
    /// The r‖s the eUICC sent: smdpSignature2 covers it (§5.6.2).
    var euiccSignature1: [UInt8]
    /// The SGP.22 version and features of this session (`VersionNegotiation.accept` over the
    /// verified serverSigned1): what the rest of the session may use.
    var agreement: VersionNegotiation.Agreement
}

/// What PrepareDownload verified and generated (§5.7.5).
struct PreparedDownload: Sendable {
    /// CERT.DPpb.ECDSA: verifies the InitialiseSecureChannel smdpSign.
    var dpPbCertificate: Certificate
    var smdpOid: ASN1ObjectIdentifier?
    /// otSK.EUICC.ECKA: a secret, handed to the installation once (then nil here) and erased there.
    var oneTimeKey: P256.KeyAgreement.PrivateKey?
}

extension RSPSession: CustomStringConvertible {
    /// Redacted: the session holds the one-time private key.
    var description: String {
        "RSPSession(authenticated: \(authenticated != nil), prepared: \(prepared != nil), oneTimeKey: <redacted>)"
    }
}

extension Certificate {
    /// The SM-DP+/SM-DS OID: the registeredID of the subjectAltName (SGP.22 §4.5.2.1).
    var rspServerOID: ASN1ObjectIdentifier? {
        guard let names = try? extensions.subjectAlternativeNames else { return nil }
        for name in names {
            if case .registeredID(let oid) = name { return oid }
        }
        return nil
    }
}
