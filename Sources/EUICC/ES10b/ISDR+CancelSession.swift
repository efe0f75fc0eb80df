import RSPCore
import RSPCrypto

extension ISDR {
    /// ES10b.CancelSession (SGP.22 §5.7.14): ends the session named by transactionId and signs
    /// {transactionId, SM-DP+ OID from CERT.DPauth, reason} so the SM-DP+ can trust the cancellation.
    /// Creates nothing else: no notification, no profile.
    public func cancelSession(_ request: CancelSessionRequest) -> CancelSessionResponse {
        guard let server = session?.authenticated, server.transactionId == request.transactionId.bytes else {
            return .cancelSessionResponseError(.invalidTransactionId)
        }
        guard let smdpOid = server.smdpOid else {
            session = nil
            installation = nil
            return .cancelSessionResponseError(.undefinedError)
        }
        do {
            let signed = try Encoded(EuiccCancelSessionSigned(
                transactionId: request.transactionId, smdpOid: smdpOid, reason: request.reason))
            let signature = try sign(SignedData.euiccCancelSessionSignature(euiccCancelSessionSigned: signed.derBytes))
            session = nil
            installation = nil
            return .cancelSessionResponseOk(
                CancelSessionResponseOk(euiccCancelSessionSigned: signed, euiccCancelSessionSignature: OctetString(signature)))
        } catch {
            session = nil
            installation = nil
            return .cancelSessionResponseError(.undefinedError)
        }
    }
}
