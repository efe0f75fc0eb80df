import Crypto
import RSPCore
import RSPCrypto
import X509

/// A PrepareDownload refusal: the code SGP.22 §5.7.5 defines, and why (for diagnostics only).
struct PrepareDownloadFailure: Error {
    var code: DownloadErrorCode
    var reason: String
}

extension ISDR {
    /// ES10b.PrepareDownload (SGP.22 §5.7.5, §3.1.3 step 7-8): verifies the SM-DP+'s binding
    /// certificate and smdpSignature2, generates the one-time ECKA key pair and answers with
    /// euiccSigned2 signed by the eUICC. Any failure ends the session.
    public func prepareDownload(_ request: PrepareDownloadRequest) -> PrepareDownloadResponse {
        let signed2 = request.smdpSigned2.value
        do {
            let server = try checkAuthenticatedSession()
            let dpPb = try verifySmdpCertificate(request.smdpCertificate)
            try verifySmdpSignature2(request, certificate: dpPb, euiccSignature1: server.euiccSignature1)
            try checkTransactionId(signed2.transactionId.bytes, session: server)
            let hashCc = try checkConfirmationCode(signed2, hashCc: request.hashCc)
            let oneTimeKey = generateOneTimeKeyPair()
            let ok = try signEuiccSigned2(
                transactionId: signed2.transactionId, oneTimeKey: oneTimeKey, hashCc: hashCc,
                smdpSignature2: request.smdpSignature2.bytes)
            session?.prepared = PreparedDownload(dpPbCertificate: dpPb, smdpOid: dpPb.rspServerOID, oneTimeKey: oneTimeKey)
            return .downloadResponseOk(ok)
        } catch let failure as PrepareDownloadFailure {
            session = nil
            return .downloadResponseError(
                PrepareDownloadResponseError(transactionId: signed2.transactionId, downloadErrorCode: failure.code))
        } catch {
            session = nil
            return .downloadResponseError(
                PrepareDownloadResponseError(transactionId: signed2.transactionId, downloadErrorCode: .undefinedError))
        }
    }

    /// PrepareDownload continues a session that passed AuthenticateServer (noSessionContext otherwise).
    func checkAuthenticatedSession() throws -> AuthenticatedServer {
        guard let server = session?.authenticated else {
            throw PrepareDownloadFailure(code: .noSessionContext, reason: "no authenticated RSP session")
        }
        return server
    }

    /// CERT.DPpb.ECDSA must chain to a trusted CI, be valid now and carry the DPpb role.
    func verifySmdpCertificate(_ der: CertificateDER) throws -> Certificate {
        let certificate: Certificate
        do { certificate = try serverCertificates.certificate(for: der.derBytes) } catch {
            throw PrepareDownloadFailure(code: .invalidCertificate, reason: "unparseable CERT.DPpb")
        }
        do { _ = try certificate.p256SigningKey() } catch {
            throw PrepareDownloadFailure(code: .unsupportedCurve, reason: "CERT.DPpb key is not NIST P-256")
        }
        do {
            _ = try RSPChainValidator.validate(leaf: certificate, trustAnchors: identity.trustedCIs, role: .dpPb, at: now)
        } catch {
            throw PrepareDownloadFailure(code: .invalidCertificate, reason: error.description)
        }
        return certificate
    }

    /// smdpSignature2 must verify over smdpSigned2 ‖ '5F37' ‖ '40' ‖ euiccSignature1: it binds the
    /// SM-DP+'s answer to this eUICC's AuthenticateServer response.
    func verifySmdpSignature2(_ request: PrepareDownloadRequest, certificate: Certificate, euiccSignature1: [UInt8]) throws {
        do {
            try RSPSignature.verify(
                rawSignature: request.smdpSignature2.bytes,
                over: SignedData.smdpSignature2(smdpSigned2: request.smdpSigned2.derBytes, euiccSignature1: euiccSignature1),
                publicKey: certificate.p256SigningKey())
        } catch {
            throw PrepareDownloadFailure(code: .invalidSignature, reason: "smdpSignature2 does not verify")
        }
    }

    /// smdpSigned2.transactionId must be the session's.
    func checkTransactionId(_ transactionId: [UInt8], session server: AuthenticatedServer) throws {
        guard transactionId == server.transactionId else {
            throw PrepareDownloadFailure(code: .invalidTransactionId, reason: "transactionId \(transactionId.hexString) is not the session's")
        }
    }

    /// When ccRequiredFlag is set the LPA must supply hashCc (the end user's confirmation code),
    /// which euiccSigned2 then carries to the SM-DP+.
    func checkConfirmationCode(_ signed2: SmdpSigned2, hashCc: OctetString?) throws -> OctetString? {
        guard signed2.ccRequiredFlag else { return nil }
        guard let hashCc else {
            throw PrepareDownloadFailure(code: .undefinedError, reason: "confirmation code required but hashCc missing")
        }
        return hashCc
    }

    /// otSK.EUICC.ECKA / otPK.EUICC.ECKA: a fresh key pair for this download (kept only in the session).
    func generateOneTimeKeyPair() -> P256.KeyAgreement.PrivateKey {
        testSeams?.fixedOneTimeKey ?? ECKA.oneTimeKey()
    }

    /// Builds euiccSigned2 {transactionId, euiccOtpk, hashCc} and signs it together with the
    /// smdpSignature2 data object (euiccSignature2).
    func signEuiccSigned2(
        transactionId: OctetString, oneTimeKey: P256.KeyAgreement.PrivateKey, hashCc: OctetString?, smdpSignature2: [UInt8]
    ) throws -> PrepareDownloadResponseOk {
        let euiccSigned2 = try Encoded(EUICCSigned2(
            transactionId: transactionId, euiccOtpk: OctetString(ECKA.uncompressed(oneTimeKey.publicKey)), hashCc: hashCc))
        let signature = try sign(
            try SignedData.euiccSignature2(euiccSigned2: euiccSigned2.derBytes, smdpSignature2: smdpSignature2))
        return PrepareDownloadResponseOk(euiccSigned2: euiccSigned2, euiccSignature2: OctetString(signature))
    }
}
