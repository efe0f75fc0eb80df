import Foundation
import RSPCore
import RSPCrypto
import X509

/// The SM-DP+'s checks of the eUICC's identity (SGP.22 §5.6.3 AuthenticateClient, §5.6.4
/// HandleNotification). The checks themselves are RSPCrypto's `EUICCAuthentication`, shared with
/// the SM-DS (§5.8.2), so ES9+ and ES11 verify eUICCs with one implementation.
extension SMDPPlus {
    var euiccAuthentication: EUICCAuthentication {
        EUICCAuthentication(trustedCIs: configuration.trustedCIs, serverName: "SM-DP+", eumCache: eumValidations)
    }

    /// CERT.EUM.ECDSA and CERT.EUICC.ECDSA validated at the SM-DP+'s `now` (see
    /// `EUICCAuthentication.validateEUICCChain` for the status codes).
    func validateEUICCChain(
        euiccCertificate: CertificateDER, eumCertificate: CertificateDER, requiredCIPKId: [UInt8]?
    ) throws(StatusCode) -> AuthenticatedEUICC {
        try euiccAuthentication.validateEUICCChain(
            euiccCertificate: euiccCertificate, eumCertificate: eumCertificate, requiredCIPKId: requiredCIPKId, at: now)
    }

    /// Verifies an eUICC signature (r‖s) over `data`; any failure is `euiccSignatureInvalid` (8.1/6.1).
    func verifyEUICCSignature(_ signature: [UInt8], over data: [UInt8], certificate: Certificate) throws(StatusCode) {
        try EUICCAuthentication.verifyEUICCSignature(signature, over: data, certificate: certificate)
    }

    /// The eUICC certificate stored with a session (DER), parsed (once per process: `EUICCCertificateCache`).
    func sessionEUICCCertificate(_ der: [UInt8]?) throws(StatusCode) -> Certificate {
        guard let der, let certificate = euiccCertificates.certificate(der: der) else {
            throw StatusCode.executionError.with(message: "The RSP session holds no eUICC certificate")
        }
        return certificate
    }
}
