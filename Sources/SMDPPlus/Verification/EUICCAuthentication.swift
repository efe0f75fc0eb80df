import Foundation
import RSPCore
import RSPCrypto
import X509

/// An eUICC whose certificate chain passed the SM-DP+'s checks.
struct AuthenticatedEUICC: Sendable {
    var certificate: Certificate
    var eid: EID
}

/// The SM-DP+'s checks of the eUICC's identity (SGP.22 §5.6.3 AuthenticateClient, §5.6.4
/// HandleNotification), each failure mapped to the status code SGP.22 names for it.
extension SMDPPlus {
    /// Verifies CERT.EUM.ECDSA against a trusted CI and CERT.EUICC.ECDSA against the EUM, including
    /// the EID range rule (§4.5.2.1.0.2), at the SM-DP+'s `now`.
    ///
    /// - Parameter requiredCIPKId: the CI chosen for the session (euiccCiPKIdToBeUsed); a chain that
    ///   leads to another CI is refused as `unknownCIPublicKey` (8.11.1/3.9). Nil accepts any trusted CI.
    ///
    /// The EUM is validated on its own first, so a failure of the second validation is the eUICC
    /// certificate's: EUM problems → `eumCertificateInvalid`/`eumCertificateExpired` (8.1.2),
    /// eUICC problems (bad signature, wrong role, EID outside the EUM's range) →
    /// `euiccCertificateInvalid`/`euiccCertificateExpired` (8.1.3).
    func validateEUICCChain(
        euiccCertificate: CertificateDER, eumCertificate: CertificateDER, requiredCIPKId: [UInt8]?
    ) throws(StatusCode) -> AuthenticatedEUICC {
        let euicc: Certificate
        let eum: Certificate
        do { eum = try Certificate(derEncoded: eumCertificate.derBytes) } catch {
            throw StatusCode.eumCertificateInvalid.with(message: "EUM Certificate cannot be parsed")
        }
        do { euicc = try Certificate(derEncoded: euiccCertificate.derBytes) } catch {
            throw StatusCode.euiccCertificateInvalid.with(message: "eUICC Certificate cannot be parsed")
        }
        let ci = try trustedCI(for: eum, requiredCIPKId: requiredCIPKId)
        let date = now
        do {
            _ = try RSPChainValidator.validate(leaf: eum, trustAnchors: [ci], role: .eum, at: date)
        } catch {
            throw Self.statusCode(for: error, expired: .eumCertificateExpired, invalid: .eumCertificateInvalid)
        }
        do {
            let chain = try RSPChainValidator.validate(
                leaf: euicc, intermediates: [eum], trustAnchors: [ci], role: .euicc, at: date)
            guard let eid = chain.eid else { throw StatusCode.euiccCertificateInvalid.with(message: "eUICC Certificate has no EID") }
            return AuthenticatedEUICC(certificate: euicc, eid: eid)
        } catch let error as RSPCertificateError {
            throw Self.statusCode(for: error, expired: .euiccCertificateExpired, invalid: .euiccCertificateInvalid)
        } catch let code as StatusCode {
            throw code
        } catch {
            throw StatusCode.euiccCertificateInvalid
        }
    }

    /// The trusted CI the EUM certificate names (AuthorityKeyIdentifier); `unknownCIPublicKey` when
    /// it names none of ours, or not the one the session agreed on.
    func trustedCI(for eum: Certificate, requiredCIPKId: [UInt8]?) throws(StatusCode) -> Certificate {
        guard let ciPKId = RSPChainValidator.ciPKId(leadingTo: eum),
            let ci = RSPChainValidator.trustAnchor(withPKId: ciPKId, among: configuration.trustedCIs)
        else {
            throw StatusCode.unknownCIPublicKey.with(message: "The EUM Certificate is not issued by a CI trusted by the SM-DP+")
        }
        if let requiredCIPKId, requiredCIPKId != ciPKId {
            throw StatusCode.unknownCIPublicKey.with(
                message: "The eUICC certificate chain does not lead to the CI chosen for this session (euiccCiPKIdToBeUsed)")
        }
        return ci
    }

    static func statusCode(for error: RSPCertificateError, expired: StatusCode, invalid: StatusCode) -> StatusCode {
        switch error {
        case .expired: expired
        case .eidOutsideEUMRange: invalid.with(message: "EID is outside the EUM's permitted range")
        default: invalid
        }
    }

    /// Verifies an eUICC signature (r‖s) over `data` with the eUICC certificate's key; any failure,
    /// including a signature of the wrong length, is `euiccSignatureInvalid` (8.1/6.1).
    func verifyEUICCSignature(_ signature: [UInt8], over data: [UInt8], certificate: Certificate) throws(StatusCode) {
        do {
            try RSPSignature.verify(rawSignature: signature, over: data, publicKey: try certificate.p256SigningKey())
        } catch {
            throw StatusCode.euiccSignatureInvalid
        }
    }

    /// The eUICC certificate stored with a session (DER), parsed.
    func sessionEUICCCertificate(_ der: [UInt8]?) throws(StatusCode) -> Certificate {
        guard let der, let certificate = try? Certificate(derEncoded: der) else {
            throw StatusCode.executionError.with(message: "The RSP session holds no eUICC certificate")
        }
        return certificate
    }
}
