import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES9+.HandleNotification (SGP.22 v2.2.2 §5.6.4; §3.1.3.3 step 5 installation result, §3.5 notifications).
///
/// Every accepted notification is recorded. A notification already recorded (same EID and
/// seqNumber) is accepted again without effect: the LPA retries until it sees success (§3.5).
extension SMDPPlus {
    public func handleNotification(_ request: HandleNotification) async throws {
        let payload = (try? request.pendingNotification.derEncoded()) ?? []
        switch request.pendingNotification {
        case .profileInstallationResult(let result):
            try await run("handleNotification", transactionId: result.profileInstallationResultData.value.transactionId.hex) {
                try await handleProfileInstallationResult(result, payload: payload)
            }
        case .otherSignedNotification(let notification):
            try await run("handleNotification", transactionId: nil) {
                try await handleOtherSignedNotification(notification, payload: payload)
            }
        }
    }

    // MARK: Profile installation result

    /// The signed result of the installation of the BPP this session delivered: verified with the
    /// session's eUICC certificate; success → order `installed`, session `completed`; an errorResult →
    /// order `error` with reason "bppCommandId/errorReason", session `failed`.
    func handleProfileInstallationResult(_ result: ProfileInstallationResult, payload: [UInt8]) async throws {
        let data = result.profileInstallationResultData.value
        let transactionId = try transactionID(data.transactionId)
        let snapshot = try await installationSession(transactionId)
        let session = snapshot.session
        try verifyEuiccSignPIR(result, session: session)
        guard let eid = session.eid else { throw StatusCode.executionError.with(message: "The RSP session has no EID") }
        let record = NotificationRecord(
            eid: eid, iccid: data.notificationMetadata.iccid, seqNumber: data.notificationMetadata.seqNumber,
            event: Self.eventName(.notificationInstall), transactionId: transactionId, payload: payload, receivedAt: now)
        let recipient = session.state == .bound ? Self.progressRecipient(in: snapshot) : nil
        let ended = try await recordInstallationResult(
            data.finalResult, notification: record, transactionId: transactionId, eid: eid, payload: payload,
            reportingTo: recipient)
        euiccCertificates.remove(der: session.euiccCertificate)
        if ended != nil { installations?.record(data.finalResult) }
        if let ended, let recipient {
            logEnqueued(.bppInstallation, Self.progressStatus(data.finalResult), order: ended, recipient: recipient)
        }
    }

    /// The installation result as ES2+.HandleDownloadProgressInfo reports it (point 4): success,
    /// or a failure naming the eUICC's bppCommandId and errorReason (the signed result itself
    /// travels in resultData).
    static func progressStatus(_ finalResult: ProfileInstallationResultData.FinalResult) -> HandleDownloadProgressInfoRequest.PointStatus {
        switch finalResult {
        case .successResult:
            return .executedSuccess
        case .errorResult(let error):
            return .failed(StatusCode.executionError.with(
                message: "Profile installation failed: \(name(error.bppCommandId))/\(name(error.errorReason))"))
        }
    }

    /// The session a PIR belongs to: one whose BPP was delivered. A `bound` session is accepted even
    /// after its lifetime: the result is signed by the eUICC, and SGP.22 §3.5 lets the LPA deliver
    /// it whenever the device is next online. A finished one (`completed`, or `failed` after its
    /// BPP) is accepted so that a retried PIR is acknowledged, and changes nothing.
    /// Read with its order, profile and operator (`SessionSnapshot`).
    func installationSession(_ transactionId: TransactionID) async throws -> SessionSnapshot {
        guard let snapshot = try await store.sessionSnapshot(transactionId: transactionId, matchingId: nil, withPackage: false),
            snapshot.session.euiccOtpk != nil
        else {
            throw StatusCode.unknownTransactionID
        }
        let session = snapshot.session
        switch session.state {
        case .bound, .completed, .failed:
            return snapshot
        case .initiated, .authenticated, .cancelled:
            throw StatusCode.unknownTransactionID.with(message: "The RSP session is \(session.state.rawValue)")
        }
    }

    /// euiccSignPIR over profileInstallationResultData as received (§5.7.6), with the session's eUICC key.
    func verifyEuiccSignPIR(_ result: ProfileInstallationResult, session: SessionRecord) throws(StatusCode) {
        let certificate = try sessionEUICCCertificate(session.euiccCertificate)
        try verifyEUICCSignature(
            result.euiccSignPIR.bytes,
            over: SignedData.euiccSignPIR(profileInstallationResultData: result.profileInstallationResultData.derBytes),
            certificate: certificate)
    }

    /// One transaction: the notification is recorded and — when the session is still `bound` —
    /// the final result moves the session and its order to their end states, and the operator's
    /// report (point 4, resultData = the signed notification) is enqueued with it. A notification
    /// already recorded (same EID and seqNumber) changes nothing. Returns the order when this
    /// result was the one that ended it.
    func recordInstallationResult(
        _ finalResult: ProfileInstallationResultData.FinalResult, notification: NotificationRecord,
        transactionId: TransactionID, eid: EID, payload: [UInt8], reportingTo recipient: ProgressRecipient?
    ) async throws -> OrderRecord? {
        let date = now
        let ended = try await store.insertNotification(
            notification, updatingSession: transactionId, now: date
        ) { session, order, outbox -> OrderRecord? in
            guard session.state == .bound else { return nil }
            switch finalResult {
            case .successResult:
                session.state = .completed
                order?.state = .installed
            case .errorResult(let error):
                session.state = .failed
                order?.state = .error
                order?.reason = "\(Self.name(error.bppCommandId))/\(Self.name(error.errorReason))"
            }
            if let recipient, let order {
                outbox.append(try Self.progressCallback(
                    .bppInstallation, Self.progressStatus(finalResult), order: order, eid: eid, resultData: payload,
                    to: recipient, at: date))
            }
            return order
        }
        return ended ?? nil
    }

    // MARK: Other signed notifications

    /// An enable/disable/delete (or install) notification signed by an eUICC: its EUM and eUICC
    /// certificates must chain to a trusted CI and its signature cover tbsOtherNotification as received.
    func handleOtherSignedNotification(_ notification: OtherSignedNotification, payload: [UInt8]) async throws {
        let euicc = try validateEUICCChain(
            euiccCertificate: notification.euiccCertificate, eumCertificate: notification.eumCertificate,
            requiredCIPKId: nil)
        try verifyEUICCSignature(
            notification.euiccNotificationSignature.bytes,
            over: SignedData.euiccNotificationSignature(tbsOtherNotification: notification.tbsOtherNotification.derBytes),
            certificate: euicc.certificate)
        let metadata = notification.tbsOtherNotification.value
        let record = NotificationRecord(
            eid: euicc.eid, iccid: metadata.iccid, seqNumber: metadata.seqNumber,
            event: metadata.profileManagementOperation.notificationEvents.first.map(Self.eventName) ?? "unknown",
            transactionId: nil, payload: payload, receivedAt: now)
        if try await isRecorded(eid: euicc.eid, seqNumber: record.seqNumber) { return }
        try await store.insertNotification(record)
    }

    // MARK: -

    /// Whether this eUICC's notification with this seqNumber was already recorded: a keyed look-up,
    /// not a read of the eUICC's history (which grows with every notification it sends).
    func isRecorded(eid: EID, seqNumber: Int) async throws -> Bool {
        try await store.notificationExists(eid: eid, seqNumber: seqNumber)
    }

    static func eventName(_ event: NotificationEvent) -> String {
        switch event {
        case .notificationInstall: "install"
        case .notificationEnable: "enable"
        case .notificationDisable: "disable"
        case .notificationDelete: "delete"
        }
    }

    static func name(_ value: some NamedInteger) -> String {
        value.name ?? String(value.rawValue)
    }
}
