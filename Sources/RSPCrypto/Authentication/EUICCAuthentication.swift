import Foundation
import RSPCore
import X509

/// An eUICC whose certificate chain passed a server's checks.
public struct AuthenticatedEUICC: Sendable {
    public var certificate: Certificate
    /// The EID of CERT.EUICC.ECDSA (subject serialNumber), inside the EUM's permitted range.
    public var eid: EID

    public init(certificate: Certificate, eid: EID) {
        self.certificate = certificate
        self.eid = eid
    }
}

/// An RSP server's checks of the eUICC's identity, shared by the SM-DP+ (SGP.22 §5.6.3
/// ES9+.AuthenticateClient, §5.6.4 HandleNotification) and the SM-DS (§5.8.2
/// ES11.AuthenticateClient), which verify the eUICC the same way (§3.1.2, §3.6.2). Each failure
/// is the status code SGP.22 names for it in both functions.
public struct EUICCAuthentication: Sendable {
    /// The GSMA CI certificates the server accepts eUICC chains from.
    public var trustedCIs: [Certificate]
    /// The server's name in messages ("SM-DP+", "SM-DS").
    public var serverName: String
    /// EUM certificates already validated against `trustedCIs` (see `ValidatedEUMCache`); nil: none.
    public var eumCache: ValidatedEUMCache?

    public init(trustedCIs: [Certificate], serverName: String, eumCache: ValidatedEUMCache? = nil) {
        self.trustedCIs = trustedCIs
        self.serverName = serverName
        self.eumCache = eumCache
    }

    /// Verifies CERT.EUM.ECDSA against a trusted CI and CERT.EUICC.ECDSA against the EUM, including
    /// the EID range rule (§4.5.2.1.0.2), at `date`.
    ///
    /// - Parameter requiredCIPKId: the CI chosen for the session (euiccCiPKIdToBeUsed); a chain that
    ///   leads to another CI is refused as `unknownCIPublicKey` (8.11.1/3.9). Nil accepts any trusted CI.
    ///
    /// The EUM is validated on its own first, so a failure of the second validation is the eUICC
    /// certificate's: EUM problems → `eumCertificateInvalid`/`eumCertificateExpired` (8.1.2),
    /// eUICC problems (bad signature, wrong role, EID outside the EUM's range) →
    /// `euiccCertificateInvalid`/`euiccCertificateExpired` (8.1.3).
    public func validateEUICCChain(
        euiccCertificate: CertificateDER, eumCertificate: CertificateDER, requiredCIPKId: [UInt8]?, at date: Date
    ) throws(StatusCode) -> AuthenticatedEUICC {
        let eumDER = eumCertificate.derBytes
        let cached = eumCache?.entry(der: eumDER)
        let eum: Certificate
        if let cached { eum = cached.eum } else {
            do { eum = try Certificate(derEncoded: eumDER) } catch {
                throw StatusCode.eumCertificateInvalid.with(message: "EUM Certificate cannot be parsed")
            }
        }
        let euicc: Certificate
        do { euicc = try Certificate(derEncoded: euiccCertificate.derBytes) } catch {
            throw StatusCode.euiccCertificateInvalid.with(message: "eUICC Certificate cannot be parsed")
        }
        let ci = try trustedCI(for: eum, requiredCIPKId: requiredCIPKId)
        do {
            if let cached, cached.ci == ci {
                // Validated against this CI before: only what changes with time is checked again.
                try RSPChainValidator.checkValidity(eum, at: date)
                try RSPChainValidator.checkValidity(ci, at: date)
            } else {
                _ = try RSPChainValidator.validate(leaf: eum, trustAnchors: [ci], role: .eum, at: date)
                eumCache?.insert(ValidatedEUMCache.Entry(eum: eum, ci: ci), der: eumDER)
            }
        } catch {
            throw Self.statusCode(for: error, expired: .eumCertificateExpired, invalid: .eumCertificateInvalid)
        }
        do {
            // The EUM was just validated against the CI at `date`: the eUICC certificate is checked
            // against the EUM alone, without verifying the CI's signature on the EUM a second time.
            let eid = try RSPChainValidator.validateEUICC(euicc, issuedBy: eum, at: date)
            return AuthenticatedEUICC(certificate: euicc, eid: eid)
        } catch {
            throw Self.statusCode(for: error, expired: .euiccCertificateExpired, invalid: .euiccCertificateInvalid)
        }
    }

    /// The trusted CI the EUM certificate names (AuthorityKeyIdentifier); `unknownCIPublicKey` when
    /// it names none of ours, or not the one the session agreed on.
    public func trustedCI(for eum: Certificate, requiredCIPKId: [UInt8]?) throws(StatusCode) -> Certificate {
        guard let ciPKId = RSPChainValidator.ciPKId(leadingTo: eum),
            let ci = RSPChainValidator.trustAnchor(withPKId: ciPKId, among: trustedCIs)
        else {
            throw StatusCode.unknownCIPublicKey.with(message: "The EUM Certificate is not issued by a CI trusted by the \(serverName)")
        }
        if let requiredCIPKId, requiredCIPKId != ciPKId {
            throw StatusCode.unknownCIPublicKey.with(
                message: "The eUICC certificate chain does not lead to the CI chosen for this session (euiccCiPKIdToBeUsed)")
        }
        return ci
    }

    /// An expired certificate is `expired`, anything else `invalid` (naming an EID outside the EUM range).
    public static func statusCode(for error: RSPCertificateError, expired: StatusCode, invalid: StatusCode) -> StatusCode {
        switch error {
        case .expired: expired
        case .eidOutsideEUMRange: invalid.with(message: "EID is outside the EUM's permitted range")
        default: invalid
        }
    }

    /// Verifies an eUICC signature (r‖s) over `data` with the eUICC certificate's key; any failure,
    /// including a signature of the wrong length, is `euiccSignatureInvalid` (8.1/6.1).
    public static func verifyEUICCSignature(_ signature: [UInt8], over data: [UInt8], certificate: Certificate) throws(StatusCode) {
        do {
            try RSPSignature.verify(rawSignature: signature, over: data, publicKey: try certificate.p256SigningKey())
        } catch {
            throw StatusCode.euiccSignatureInvalid
        }
    }

    /// euiccSignature1 over euiccSigned1 exactly as received (§5.6.3, §5.8.2).
    public static func verifyEuiccSignature1(_ ok: AuthenticateResponseOk, certificate: Certificate) throws(StatusCode) {
        try verifyEUICCSignature(
            ok.euiccSignature1.bytes, over: SignedData.euiccSignature1(euiccSigned1: ok.euiccSigned1.derBytes),
            certificate: certificate)
    }
}
