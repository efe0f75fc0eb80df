import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SwiftASN1
import X509

/// ES9+.CancelSession (SGP.22 v2.2.2 §5.6.5; §3.1.3 "download cancelled by the end user or the LPA").
///
/// What happens to the order depends on how far the session got:
/// - `authenticated` (no BPP delivered yet): the order stays `released`, so the user may try again
///   (e.g. after postponing);
/// - `bound` (a BPP was delivered): that BPP was bound to this eUICC's one-time key and will never
///   be installed, and a profile is delivered once, so the order goes to `error` with the cancel
///   reason; the operator must order the profile again.
extension SMDPPlus {
    public func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        try await run("cancelSession", transactionId: request.transactionId.hex) {
            let transactionId = try transactionID(request.transactionId)
            let session = try await activeSession(transactionId, in: [.authenticated, .bound])
            let signed = try verifyCancelSessionResponse(request.cancelSessionResponse, session: session)
            guard signed.transactionId.bytes == transactionId.bytes else {
                throw StatusCode.unknownTransactionID.with(message: "euiccCancelSessionSigned names another RSP session")
            }
            guard signed.smdpOid == configuration.smdpOID else { throw StatusCode.invalidSMDPOID }
            try await saveCancelledSession(transactionId, reason: signed.reason)
            euiccCertificates.remove(der: session.euiccCertificate)
        }
    }

    /// The eUICC's signed cancellation, verified with the session's eUICC key (8.1/6.1).
    /// A `cancelSessionResponseError` carries no signature, so it proves nothing and changes nothing:
    /// it is answered `euiccSignatureInvalid` and the session runs out at its expiry.
    func verifyCancelSessionResponse(
        _ response: CancelSessionResponse, session: SessionRecord
    ) throws(StatusCode) -> EuiccCancelSessionSigned {
        switch response {
        case .cancelSessionResponseOk(let ok):
            let certificate = try sessionEUICCCertificate(session.euiccCertificate)
            try verifyEUICCSignature(
                ok.euiccCancelSessionSignature.bytes,
                over: SignedData.euiccCancelSessionSignature(euiccCancelSessionSigned: ok.euiccCancelSessionSigned.derBytes),
                certificate: certificate)
            return ok.euiccCancelSessionSigned.value
        case .cancelSessionResponseError(let error):
            throw StatusCode.euiccSignatureInvalid.with(message: "The eUICC did not sign the cancellation: \(error)")
        }
    }

    /// One transaction: the session becomes `cancelled`; its order stays `released` if no BPP was
    /// delivered, and goes to `error` (reason: the cancel reason) if one was.
    func saveCancelledSession(_ transactionId: TransactionID, reason: CancelSessionReason) async throws {
        let reasonText = "session cancelled: \(Self.name(reason))"
        try await store.updateSession(transactionId: transactionId, matchingId: nil, now: now) { session, order in
            let wasBound = session.state == .bound
            guard wasBound || session.state == .authenticated else { throw StatusCode.unknownTransactionID }
            session.state = .cancelled
            if wasBound, order?.state == .downloaded {
                order?.state = .error
                order?.reason = reasonText
            }
        }
    }
}
