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
            let session = try await activeSession(transactionId, in: [.authenticated])
            return try await terminatingOnFailure(transactionId) {
                let ok = try prepareDownloadResponseOk(request.prepareDownloadResponse)
                let signed = ok.euiccSigned2.value
                guard signed.transactionId.bytes == transactionId.bytes else {
                    throw StatusCode.unknownTransactionID.with(message: "euiccSigned2 names another RSP session")
                }
                try verifyEuiccSignature2(ok, session: session)
                guard let eid = session.eid, let matchingId = session.matchingId,
                    let order = try await store.order(matchingId: matchingId)
                else { throw StatusCode.executionError.with(message: "The RSP session is not linked to an order") }
                if session.ccRequired {
                    try await verifyConfirmationCode(signed.hashCc, order: order, eid: eid, transactionId: transactionId)
                }
                try Self.checkReleased(order)
                guard let profile = try await store.profile(iccid: order.iccid) else {
                    throw StatusCode.executionError.with(message: "The ordered profile is missing from the inventory")
                }
                let euiccOtpk = signed.euiccOtpk.bytes
                let bpp = try bindProfilePackage(profile: profile, transactionId: transactionId, eid: eid, euiccOtpk: euiccOtpk)
                try await saveBoundSession(transactionId, eid: eid, euiccOtpk: euiccOtpk)
                await withdrawEvent(of: order)
                await reportProgress(.bppDownload, .executedSuccess, order: order, eid: eid)
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
    /// (8.2.7/6.4). The attempt is counted in one transaction, before the answer is given; the
    /// operator is then told (ES2+.HandleDownloadProgressInfo point 2, failed).
    func verifyConfirmationCode(_ hashCc: OctetString?, order: OrderRecord, eid: EID, transactionId: TransactionID) async throws {
        do {
            try await checkConfirmationCode(hashCc, order: order, transactionId: transactionId)
        } catch let code as StatusCode where code.subjectCode == .confirmationCode {
            await reportProgress(.confirmationFailure, .failed(code), order: order, eid: eid)
            throw code
        }
    }

    func checkConfirmationCode(_ hashCc: OctetString?, order: OrderRecord, transactionId: TransactionID) async throws {
        guard let hashCc else { throw StatusCode.confirmationCodeMissing }
        guard let codeHash = order.confirmationCodeHash else {
            throw StatusCode.executionError.with(message: "The order holds no confirmation code")
        }
        let expected = ConfirmationCode.sessionHash(codeHash: codeHash, transactionId: transactionId)
        if ConfirmationCode.constantTimeEquals(hashCc.bytes, expected) { return }
        let outcome = try await store.updateSession(
            transactionId: transactionId, matchingId: order.matchingId, now: now
        ) { session, order -> StatusCode in
            session.state = .failed
            guard var edited = order, edited.state == .released else { return StatusCode.matchingIDRefused }
            edited.confirmationCodeAttemptsLeft = max(0, edited.confirmationCodeAttemptsLeft - 1)
            if edited.confirmationCodeAttemptsLeft == 0 {
                edited.state = .error
                edited.reason = "confirmation code retries exceeded"
                order = edited
                return StatusCode.confirmationCodeRetriesExceeded
            }
            edited.reason = "wrong confirmation code"
            order = edited
            return StatusCode.confirmationCodeRefused
        }
        throw outcome
    }

    /// One transaction: the session becomes `bound` (remembering otPK.EUICC.ECKA) and its order
    /// `downloaded` by this EID — unless the order was meanwhile taken by another session.
    func saveBoundSession(_ transactionId: TransactionID, eid: EID, euiccOtpk: [UInt8]) async throws {
        try await store.updateSession(transactionId: transactionId, matchingId: nil, now: now) { session, order in
            guard session.state == .authenticated else { throw StatusCode.unknownTransactionID }
            try Self.checkReleased(order)
            session.state = .bound
            session.euiccOtpk = euiccOtpk
            order?.state = .downloaded
            order?.downloadedBy = eid
        }
    }
}
