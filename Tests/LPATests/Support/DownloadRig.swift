import LPA
import RSPCore
import SwiftASN1

/// A fake eUICC and a fake SM-DP+ wired to an LPA, both answering from the recorded session.
struct DownloadRig {
    static let deviceInfo = DeviceInfo(
        tac: [0x35, 0x29, 0x06, 0x11],
        deviceCapabilities: DeviceCapabilities(gsmSupportedRelease: [2, 0, 0], eutranSupportedRelease: [15, 0, 0]))

    let session: RecordedSession
    let log: CallLog
    let card: FakeEUICCCard
    let server: FakeES9PlusServer
    let lpa: LocalProfileAssistant
    let requestedAddresses: AddressLog

    /// Which SM-DP+ addresses the LPA asked the factory for.
    actor AddressLog {
        private(set) var addresses: [String] = []
        func record(_ address: String) { addresses.append(address) }
    }

    init() async throws {
        let session = try RecordedSession()
        let log = CallLog()
        let card = FakeEUICCCard(log: log)
        let server = FakeES9PlusServer(session: session, log: log)
        let addresses = AddressLog()
        self.session = session
        self.log = log
        self.card = card
        self.server = server
        self.requestedAddresses = addresses
        self.lpa = LocalProfileAssistant(es10: ES10Client(transport: card), deviceInfo: Self.deviceInfo) { address in
            Task { await addresses.record(address) }
            return server
        }
        await card.on(32) { _ in Self.der(session.euiccInfo1) }
        await card.on(46) { _ in Self.der(GetEuiccChallengeResponse(euiccChallenge: session.euiccChallenge)) }
        await card.on(56) { _ in Self.der(session.authenticateServerResponse) }
        await card.on(33) { _ in Self.der(session.prepareDownloadResponse) }
        await card.answerBPP { _ in Self.der(session.installationResult) }
        await card.on(65) { command in
            guard let request = try? CancelSessionRequest(derBytes: command) else { return [] }
            return Self.der(Self.signedCancellation(request))
        }
        await card.on(48) { _ in Self.der(NotificationSentResponse(deleteNotificationStatus: .ok)) }
    }

    /// The eUICC's answer to CancelSession: the fields SGP.22 §5.7.14 signs (the fake holds no key).
    static func signedCancellation(_ request: CancelSessionRequest) -> CancelSessionResponse {
        let signed = EuiccCancelSessionSigned(
            transactionId: request.transactionId, smdpOid: [2, 999, 10], reason: request.reason)
        guard let encoded = try? Encoded(signed) else { return .cancelSessionResponseError(.undefinedError) }
        return .cancelSessionResponseOk(
            CancelSessionResponseOk(
                euiccCancelSessionSigned: encoded, euiccCancelSessionSignature: OctetString([UInt8](repeating: 0x5A, count: 64))))
    }

    static func der(_ value: some DERSerializable) -> [UInt8] {
        (try? value.derEncoded()) ?? []
    }

    var activationCode: ActivationCode {
        ActivationCode(smdpAddress: RecordedSession.smdpAddress, matchingID: "04386-AGYFT-A74Y8-3F815")
    }
}
