import LPA
import RSPCore
import Testing

/// The eUICC's signed CancelSession reaches the SM-DP+ despite a short outage: the eUICC does not
/// keep it as it keeps notifications, so the LPA tries again while the server cannot be reached,
/// a bounded number of times, and never once the server has answered.
@Suite("LPA: delivering the eUICC's CancelSession")
struct CancelSessionDeliveryTests {
    /// The rig's LPA retrying at once (the delays are what a device would wait).
    static func lpa(_ rig: DownloadRig, retries: Int) -> LocalProfileAssistant {
        var lpa = rig.lpa
        lpa.cancelSessionRetryDelays = Array(repeating: .milliseconds(1), count: retries)
        return lpa
    }

    static func decline(_ lpa: LocalProfileAssistant, _ rig: DownloadRig) async {
        await #expect(throws: LPAError.rejectedByEndUser) {
            _ = try await lpa.download(activationCode: rig.activationCode, confirmationCode: nil, approveProfile: { _ in false })
        }
    }

    @Test("an SM-DP+ unreachable twice gets the signed cancellation on the third attempt")
    func deliveredAfterOutage() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.cancelSession, with: FakeES9PlusServer.Unreachable(), times: 2)
        await Self.decline(Self.lpa(rig, retries: 2), rig)
        let attempts = await rig.server.cancellations
        #expect(attempts.count == 3)
        #expect(Set(attempts.map(\.transactionId)) == [rig.session.transactionId])
        #expect(await rig.log.entries.filter { $0 == "ES9+.CancelSession" }.count == 3)
        #expect(await rig.log.entries.filter { $0 == "ES10b.CancelSession" }.count == 1, "the eUICC signs once; the same answer is resent")
    }

    @Test("a server that stays unreachable is tried once plus once per retry delay, then the download's own error is reported")
    func boundedRetries() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.cancelSession, with: FakeES9PlusServer.Unreachable())
        await Self.decline(Self.lpa(rig, retries: 2), rig)
        #expect(await rig.server.cancellations.count == 3)

        let once = try await DownloadRig()
        await once.server.fail(.cancelSession, with: FakeES9PlusServer.Unreachable())
        await Self.decline(Self.lpa(once, retries: 0), once)
        #expect(await once.server.cancellations.count == 1)
    }

    @Test("a server that answered with a status code has the cancellation: it is not sent again")
    func statusCodeIsNotRetried() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.cancelSession, with: StatusCode.unknownTransactionID)
        await Self.decline(Self.lpa(rig, retries: 2), rig)
        #expect(await rig.server.cancellations.count == 1)
    }
}
