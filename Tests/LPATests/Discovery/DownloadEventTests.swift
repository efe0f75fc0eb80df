import LPA
import RSPCore
import Testing

@Suite("Downloading the profile an SM-DS event announces (SGP.22 §3.6.2 step 6, §3.1.3)")
struct DownloadEventTests {
    @Test("download(event:) contacts the event's SM-DP+ and sends the EventID as matchingId")
    func eventIdIsMatchingId() async throws {
        let rig = try await DownloadRig()
        let addresses = AddressRecorder()
        let server = rig.server
        let lpa = LocalProfileAssistant(es10: ES10Client(transport: rig.card), deviceInfo: DownloadRig.deviceInfo) {
            address in
            addresses.record(address)
            return server
        }
        let event = EventEntries(eventId: "EVT-0042", rspServerAddress: RecordedSession.smdpAddress)
        let result = try await lpa.download(event: event, confirmationCode: nil)
        #expect(result.transactionId == rig.session.transactionId)
        let request = try AuthenticateServerRequest(derBytes: try #require(await rig.card.commands[56]?.first))
        guard case .ctxParamsForCommonAuthentication(let context) = request.ctxParams1 else {
            Issue.record("ctxParams1 is not ctxParamsForCommonAuthentication")
            return
        }
        #expect(context.matchingId == "EVT-0042")
        #expect(addresses.addresses.first == RecordedSession.smdpAddress)
        let sent = try #require(await server.authenticateClientRequests.first)
        #expect(sent.transactionId == rig.session.transactionId)
    }

    @Test("an event without EventID or SM-DP+ address is refused before the eUICC is asked anything")
    func incompleteEvent() async throws {
        let rig = try await DownloadRig()
        for event in [EventEntries(eventId: "", rspServerAddress: "smdp.example.com"),
                      EventEntries(eventId: "EVT-1", rspServerAddress: "")] {
            do {
                _ = try await rig.lpa.download(event: event, confirmationCode: nil)
                Issue.record("download succeeded")
            } catch {
                guard case .invalidRequest = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
        }
        #expect(await rig.log.entries.isEmpty)
    }
}
