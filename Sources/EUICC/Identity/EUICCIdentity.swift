import Crypto
import Foundation
import RSPCore
import RSPCrypto
import X509

/// Who the eUICC is (SGP.22 §2.2.1, §4.5.2.1): its EID, CERT.EUICC.ECDSA with SK.EUICC.ECDSA,
/// the EUM certificate that issued it, the CI certificates it trusts for verifying RSP servers
/// (`euiccCiPKIdListForVerification`) and the CI its own chain leads to (`euiccCiPKIdListForSigning`).
///
/// Loading validates the eUICC's own chain (eUICC → EUM → CI, EID inside the EUM range): a software
/// eUICC with a certificate no SM-DP+ would accept is a configuration error caught early.
public struct EUICCIdentity: Sendable {
    public let eid: EID
    /// CERT.EUICC.ECDSA with SK.EUICC.ECDSA.
    public let euicc: RSPIdentity
    /// CERT.EUM.ECDSA.
    public let eumCertificate: Certificate
    /// CI certificates trusted to verify CERT.DPauth / CERT.DPpb / CERT.DSauth.
    public let trustedCIs: [Certificate]
    /// The CI certificate the eUICC's own chain leads to.
    public let signingCI: Certificate
    // The three below are derived once from the certificates above: every AuthenticateServer and
    // EUICCInfo2 needs them, and re-encoding CERT.EUM / re-reading the CIs' extensions per message was measurable.
    /// `euiccCiPKIdListForVerification`: the SubjectKeyIdentifiers of the trusted CIs.
    public let ciPKIdsForVerification: [[UInt8]]
    /// `euiccCiPKIdListForSigning`: the SubjectKeyIdentifier of the CI the eUICC's chain leads to.
    public let ciPKIdsForSigning: [[UInt8]]
    private let eumDER: CertificateDER?

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case missingFile(String)
        case invalidChain(RSPCertificateError)
        case eidMismatch(certificate: String, given: String)

        public var description: String {
            switch self {
            case .missingFile(let name): "eUICC identity: missing \(name)"
            case .invalidChain(let error): "eUICC identity: own certificate chain is invalid: \(error)"
            case .eidMismatch(let certificate, let given): "eUICC identity: certificate EID \(certificate) differs from \(given)"
            }
        }
    }

    /// Pairs the parts after validating the eUICC → EUM → CI chain at `date`.
    ///
    /// - Parameters:
    ///   - eid: when given, must equal the EID in the eUICC certificate's serialNumber.
    ///   - trustedCIs: CIs for verification; the signing CI is always among them.
    public init(
        euicc: RSPIdentity, eumCertificate: Certificate, signingCI: Certificate, trustedCIs: [Certificate] = [],
        eid: EID? = nil, at date: Date = Date()
    ) throws {
        let chain: ValidatedRSPChain
        do {
            chain = try RSPChainValidator.validate(
                leaf: euicc.certificate, intermediates: [eumCertificate], trustAnchors: [signingCI], role: .euicc, at: date)
        } catch {
            throw Failure.invalidChain(error)
        }
        guard let certificateEID = chain.eid else {
            throw Failure.invalidChain(.missingExtension(subject: euicc.certificate.subject.description, extension: "serialNumber (EID)"))
        }
        if let eid, eid != certificateEID {
            throw Failure.eidMismatch(certificate: certificateEID.digits, given: eid.digits)
        }
        self.eid = certificateEID
        self.euicc = euicc
        self.eumCertificate = eumCertificate
        self.signingCI = signingCI
        self.trustedCIs = trustedCIs.contains(signingCI) ? trustedCIs : [signingCI] + trustedCIs
        self.ciPKIdsForVerification = self.trustedCIs.compactMap { try? $0.subjectKeyIdentifierBytes() }
        self.ciPKIdsForSigning = [(try? signingCI.subjectKeyIdentifierBytes()) ?? nil].compactMap { $0 }
        self.eumDER = try? CertificateDER(derBytes: eumCertificate.derBytes())
    }

    /// Loads an identity from a PKI directory with `RSPPKIDirectory` file names (an `openrsp pki init`
    /// output or an SGP.26 set): `CERT_EUICC_ECDSA_NIST` + `SK_EUICC_ECDSA_NIST.pem`, `CERT_EUM_ECDSA_NIST`,
    /// `CERT_CI_ECDSA_NIST`.
    public static func load(pkiDirectory directory: URL, at date: Date = Date()) throws -> EUICCIdentity {
        guard let euicc = try RSPPKIDirectory.loadIdentity(.euicc, from: directory) else {
            throw Failure.missingFile(RSPPKIDirectory.certificateFileName(.euicc))
        }
        guard let eum = try RSPPKIDirectory.loadCertificate(.eum, from: directory) else {
            throw Failure.missingFile(RSPPKIDirectory.certificateFileName(.eum))
        }
        guard let ci = try RSPPKIDirectory.loadCertificate(.ci, from: directory) else {
            throw Failure.missingFile(RSPPKIDirectory.certificateFileName(.ci))
        }
        return try EUICCIdentity(euicc: euicc, eumCertificate: eum, signingCI: ci, at: date)
    }

    /// Loads an identity from explicit files (PEM or DER): the first CI certificate is the one the
    /// eUICC chain leads to, all of them are trusted for verification.
    public static func load(
        eid: EID?, euiccCertificate: URL, euiccPrivateKey: URL, eumCertificate: URL, ciCertificates: [URL],
        at date: Date = Date()
    ) throws -> EUICCIdentity {
        let euicc = try RSPPKIDirectory.loadIdentity(certificate: euiccCertificate, privateKey: euiccPrivateKey)
        let eum = try RSPPKIDirectory.loadCertificate(eumCertificate)
        let cis = try ciCertificates.map { url throws(RSPCertificateError) in try RSPPKIDirectory.loadCertificate(url) }
        guard let signing = cis.first(where: { ci in
            (try? RSPChainValidator.validate(
                leaf: euicc.certificate, intermediates: [eum], trustAnchors: [ci], role: .euicc, at: date)) != nil
        }) ?? cis.first else {
            throw Failure.missingFile("CI certificate")
        }
        return try EUICCIdentity(euicc: euicc, eumCertificate: eum, signingCI: signing, trustedCIs: cis, eid: eid, at: date)
    }

    /// CERT.EUICC.ECDSA as carried in messages (encoded once, by `RSPIdentity`).
    public var euiccCertificateDER: CertificateDER {
        get throws { euicc.certificateDER }
    }

    /// CERT.EUM.ECDSA as carried in messages (encoded once at init; an encoding that failed there is
    /// retried here so that the error reaches the caller).
    public var eumCertificateDER: CertificateDER {
        get throws {
            if let eumDER { return eumDER }
            return try CertificateDER(derBytes: eumCertificate.derBytes())
        }
    }
}

extension EUICCIdentity: CustomStringConvertible {
    /// Names the eUICC; never the private key.
    public var description: String { "EUICCIdentity(eid: \(eid.digits), key: <redacted>)" }
}
