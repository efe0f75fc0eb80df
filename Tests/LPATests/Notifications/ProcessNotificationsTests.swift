import LPA
import RSPCore
import Testing

@Suite("Notification delivery (SGP.22 §3.5)")
struct ProcessNotificationsTests {
    /// Two servers: one accepts, one refuses.
    actor Servers {
        let accepting: FakeES9PlusServer
        let refusing: FakeES9PlusServer
        private(set) var asked: [String] = []
        init(session: RecordedSession, log: CallLog) async {
            accepting = FakeES9PlusServer(session: session, log: log)
            refusing = FakeES9PlusServer(session: session, log: log)
            await refusing.fail(.handleNotification, with: StatusCode.executionError)
        }
    }

    static func otherNotification(seq: Int, address: String, event: NotificationEvent, from pir: ProfileInstallationResult) throws
        -> PendingNotification
    {
        let metadata = NotificationMetadata(
            seqNumber: seq, profileManagementOperation: BitString(notificationEvents: [event]), notificationAddress: address,
            iccid: pir.profileInstallationResultData.value.notificationMetadata.iccid)
        let session = try RecordedSession()
        guard case .authenticateResponseOk(let ok) = session.authenticateServerResponse else {
            throw LPAError.unexpectedResponse(function: "test", reason: "recorded response is an error")
        }
        return .otherSignedNotification(
            OtherSignedNotification(
                tbsOtherNotification: try Encoded(metadata), euiccNotificationSignature: OctetString([UInt8](repeating: 1, count: 64)),
                euiccCertificate: ok.euiccCertificate, eumCertificate: ok.eumCertificate))
    }

    func rig(pending: [PendingNotification]) async throws -> (LocalProfileAssistant, FakeEUICCCard, Servers) {
        let session = try RecordedSession()
        let log = CallLog()
        let card = FakeEUICCCard(log: log)
        let servers = await Servers(session: session, log: log)
        await card.on(43) { _ in DownloadRig.der(RetrieveNotificationsListResponse.notificationList(pending)) }
        await card.on(40) { _ in
            DownloadRig.der(ListNotificationResponse.notificationMetadataList(pending.map(\.testMetadata)))
        }
        await card.on(48) { _ in DownloadRig.der(NotificationSentResponse(deleteNotificationStatus: .ok)) }
        let lpa = LocalProfileAssistant(es10: ES10Client(transport: card), deviceInfo: DownloadRig.deviceInfo) { address in
            address == "refuses.example.com" ? servers.refusing : servers.accepting
        }
        return (lpa, card, servers)
    }

    @Test("notifications the server accepts are removed; those it refuses stay on the eUICC")
    func keepsRefused() async throws {
        let pir = try RecordedSession().installationResult
        let pending = [
            PendingNotification.profileInstallationResult(pir),
            try Self.otherNotification(seq: 2, address: "refuses.example.com", event: .notificationEnable, from: pir),
            try Self.otherNotification(seq: 3, address: "accepts.example.com", event: .notificationDisable, from: pir),
        ]
        let (lpa, card, servers) = try await rig(pending: pending)
        let report = try await lpa.processNotifications()
        #expect(report.delivered.map(\.seqNumber) == [1, 3])
        #expect(report.kept.map(\.metadata.seqNumber) == [2])
        #expect(report.kept.first?.error == .server(.executionError, function: .handleNotification))
        let removed = try await card.commands[48, default: []].map { try NotificationSentRequest(derBytes: $0).seqNumber }
        #expect(removed == [1, 3])
        #expect(await servers.accepting.notifications.map(\.pendingNotification) == [pending[0], pending[2]])
    }

    @Test("nothing pending ('noResultAvailable') is an empty report, not an error")
    func nothingPending() async throws {
        let card = FakeEUICCCard()
        await card.on(43) { _ in
            DownloadRig.der(RetrieveNotificationsListResponse.notificationsListResultError(.noResultAvailable))
        }
        let session = try RecordedSession()
        let server = FakeES9PlusServer(session: session, log: CallLog())
        let lpa = LocalProfileAssistant(es10: ES10Client(transport: card), deviceInfo: DownloadRig.deviceInfo) { _ in server }
        #expect(try await lpa.processNotifications() == NotificationReport())
    }

    @Test("a failed removal keeps the notification in the report with the eUICC's code")
    func removalFailure() async throws {
        let pir = try RecordedSession().installationResult
        let (lpa, card, _) = try await rig(pending: [.profileInstallationResult(pir)])
        await card.on(48) { _ in DownloadRig.der(NotificationSentResponse(deleteNotificationStatus: .undefinedError)) }
        let report = try await lpa.processNotifications()
        #expect(report.delivered.isEmpty)
        #expect(report.kept.first?.error == .es10(ES10FunctionError(.removeNotificationFromList, NotificationSentResponse.DeleteNotificationStatus.undefinedError)))
    }

    @Test("notifications() lists the pending notifications' metadata")
    func listsMetadata() async throws {
        let pir = try RecordedSession().installationResult
        let (lpa, _, _) = try await rig(pending: [.profileInstallationResult(pir)])
        #expect(try await lpa.notifications() == [pir.profileInstallationResultData.value.notificationMetadata])
    }
}

extension PendingNotification {
    var testMetadata: NotificationMetadata {
        switch self {
        case .profileInstallationResult(let result): return result.profileInstallationResultData.value.notificationMetadata
        case .otherSignedNotification(let other): return other.tbsOtherNotification.value
        }
    }
}
