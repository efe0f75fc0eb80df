import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES9+.GetBoundProfilePackage (SGP.22 v2.2.2 §5.6.2; §3.1.3.3 steps 1–4).
extension SMDPPlus {
    public func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        try await run("getBoundProfilePackage", transactionId: request.transactionId.hex) {
            let transactionId = try transactionID(request.transactionId)
            let snapshot = try await activeSnapshot(transactionId, in: [.authenticated], matchingId: nil, withPackage: true)
            let session = snapshot.session
            return try await terminatingOnFailure(transactionId) {
                let ok = try prepareDownloadResponseOk(request.prepareDownloadResponse)
                let signed = ok.euiccSigned2.value
                guard signed.transactionId.bytes == transactionId.bytes else {
                    throw StatusCode.unknownTransactionID.with(message: "euiccSigned2 names another RSP session")
                }
                try verifyEuiccSignature2(ok, session: session)
                guard let eid = session.eid, session.matchingId != nil, let order = snapshot.order
                else { throw StatusCode.executionError.with(message: "The RSP session is not linked to an order") }
                guard let profile = snapshot.profile else {
                    throw StatusCode.executionError.with(message: "The ordered profile is missing from the inventory")
                }
                let recipient = Self.progressRecipient(in: snapshot)
                if session.ccRequired {
                    try await verifyConfirmationCode(
                        signed.hashCc, order: order, eid: eid, transactionId: transactionId, reportingTo: recipient)
                }
                try Self.checkReleased(order)
                let euiccOtpk = signed.euiccOtpk.bytes
                let bpp = try bindProfilePackage(profile: profile, transactionId: transactionId, eid: eid, euiccOtpk: euiccOtpk)
                try await saveBoundSession(transactionId, eid: eid, euiccOtpk: euiccOtpk, order: order, reportingTo: recipient)
                await withdrawEvent(of: order)
                return GetBoundProfilePackageOk(transactionId: transactionId.octetString, boundProfilePackage: bpp)
            }
        }
    }

    /// The eUICC's answer to ES10b.PrepareDownload. `downloadResponseError` ends the session: an
    /// eUICC that lost its session context or names another transaction → `unknownTransactionID`;
    /// otherwise (it refused CERT.DPpb or smdpSignature2) → `executionError` naming its code.
    func prepareDownloadResponseOk(_ response: PrepareDownloadResponse) throws(StatusCode) -> PrepareDownloadResponseOk {
        switch response {
        case .downloadResponseOk(let ok):
            return ok
        case .downloadResponseError(let error):
            switch error.downloadErrorCode {
            case .invalidTransactionId, .noSessionContext:
                throw StatusCode.unknownTransactionID.with(
                    message: "The eUICC has no matching RSP session: \(error.downloadErrorCode)")
            default:
                throw StatusCode.executionError.with(message: "The eUICC refused to prepare the download: \(error.downloadErrorCode)")
            }
        }
    }

    /// euiccSignature2 over euiccSigned2 as received ‖ '5F3740' ‖ smdpSignature2, with the key of the
    /// eUICC certificate authenticated in this session (8.1/6.1).
    func verifyEuiccSignature2(_ ok: PrepareDownloadResponseOk, session: SessionRecord) throws(StatusCode) {
        let certificate = try sessionEUICCCertificate(session.euiccCertificate)
        guard let smdpSignature2 = session.smdpSignature2,
            let data = try? SignedData.euiccSignature2(euiccSigned2: ok.euiccSigned2.derBytes, smdpSignature2: smdpSignature2)
        else { throw StatusCode.executionError.with(message: "The RSP session holds no smdpSignature2") }
        try verifyEUICCSignature(ok.euiccSignature2.bytes, over: data, certificate: certificate)
    }

    /// §3.1.3.4 / §5.6.2: hashCc must be present (8.2.7/2.2) and equal SHA-256(SHA-256(CC) ‖ TransactionID).
    /// A wrong code costs one attempt (8.2.7/3.8); the last one puts the order in `error`
    /// (8.2.7/6.4). The attempt is counted in one transaction, before the answer is given, and the
    /// operator's report (point 2, failed) is enqueued with it.
    func verifyConfirmationCode(
        _ hashCc: OctetString?, order: OrderRecord, eid: EID, transactionId: TransactionID,
        reportingTo recipient: ProgressRecipient?
    ) async throws {
        guard let hashCc else {
            // Nothing changes state: the report is enqueued on its own.
            await reportProgress(.confirmationFailure, .failed(StatusCode.confirmationCodeMissing), order: order, eid: eid)
            throw StatusCode.confirmationCodeMissing
        }
        guard let codeHash = order.confirmationCodeHash else {
            throw StatusCode.executionError.with(message: "The order holds no confirmation code")
        }
        let expected = ConfirmationCode.sessionHash(codeHash: codeHash, transactionId: transactionId)
        if ConfirmationCode.constantTimeEquals(hashCc.bytes, expected) { return }
        let date = now
        let outcome = try await store.updateSession(
            transactionId: transactionId, matchingId: order.matchingId, now: date
        ) { session, order, outbox -> StatusCode in
            session.state = .failed
            guard var edited = order, edited.state == .released else { return StatusCode.matchingIDRefused }
            edited.confirmationCodeAttemptsLeft = max(0, edited.confirmationCodeAttemptsLeft - 1)
            let code: StatusCode
            if edited.confirmationCodeAttemptsLeft == 0 {
                edited.state = .error
                edited.reason = "confirmation code retries exceeded"
                code = StatusCode.confirmationCodeRetriesExceeded
            } else {
                edited.reason = "wrong confirmation code"
                code = StatusCode.confirmationCodeRefused
            }
            order = edited
            if let recipient {
                outbox.append(try Self.progressCallback(
                    .confirmationFailure, .failed(code), order: edited, eid: eid, to: recipient, at: date))
            }
            return code
        }
        if let recipient, outcome.subjectCode == .confirmationCode {
            logEnqueued(.confirmationFailure, .failed(outcome), order: order, recipient: recipient)
        }
        throw outcome
    }

    /// One transaction: the session becomes `bound` (remembering otPK.EUICC.ECKA) and its order
    /// `downloaded` by this EID — unless the order was meanwhile taken by another session; the
    /// operator's report (point 3) is enqueued with it.
    func saveBoundSession(
        _ transactionId: TransactionID, eid: EID, euiccOtpk: [UInt8], order: OrderRecord, reportingTo recipient: ProgressRecipient?
    ) async throws {
        let date = now
        try await store.updateSession(transactionId: transactionId, matchingId: nil, now: date) { session, order, outbox in
            guard session.state == .authenticated else { throw StatusCode.unknownTransactionID }
            try Self.checkReleased(order)
            session.state = .bound
            session.euiccOtpk = euiccOtpk
            order?.state = .downloaded
            order?.downloadedBy = eid
            if let recipient, let order {
                outbox.append(try Self.progressCallback(.bppDownload, .executedSuccess, order: order, eid: eid, to: recipient, at: date))
            }
        }
        if let recipient { logEnqueued(.bppDownload, .executedSuccess, order: order, recipient: recipient) }
    }
}
