import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("Order expiry (SGP.22 §5.3.1 validity of a download order)")
struct OrderExpiryTests {
    @Test("an expired order is refused to the device (8.8.5/4.10, reported at point 1) before it is swept")
    func refusedBeforeSweep() async throws {
        let env = try await ES2PlusTestEnvironment(orderLifetime: 3600)
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        env.clock.advance(by: 3600)
        var euicc = try env.euicc()
        await expectStatus(.downloadOrderExpired) { _ = try await env.authenticate(&euicc, matchingId: matchingId) }
        let report = try #require(try await env.pendingReports().last?.report)
        #expect(report.notificationPointId == .eligibilityAndRetryLimitCheck)
        #expect(report.notificationPointStatus == .failed(StatusCode.downloadOrderExpired))
        #expect(try await env.activeOrder(iccid).state == .released)
    }

    @Test("expireOrders ends every pending order past its lifetime, withdraws its event, and leaves the others",
          arguments: StoreKind.available)
    func sweep(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind, orderLifetime: 3600)
        let gold = try await env.importProfiles()
        let eid = try env.euicc().eid
        _ = try await env.downloadOrder(DownloadOrderRequest(eid: eid, iccid: gold[0].iccid))
        let released = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: gold[0].iccid, smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        env.clock.advance(by: 1800)
        _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid))  // expires 30 minutes later
        #expect(try await env.smdp.expireOrders() == 0)

        env.clock.advance(by: 1800)
        #expect(try await env.smdp.expireOrders() == 1)
        let expired = try await env.activeOrder(gold[0].iccid)
        #expect(expired.state == .error)
        #expect(expired.reason == "order expired")
        #expect(await env.smds.deleted == [released.matchingId])
        #expect(try await env.activeOrder(gold[1].iccid).state == .allocated)
        #expect(try await env.smdp.expireOrders() == 0)

        env.clock.advance(by: 1800)
        #expect(try await env.smdp.expireOrders() == 1)
        #expect(try await env.activeOrder(gold[1].iccid).state == .error)
        // An expired order keeps its profile: like any ended order, it is not orderable again.
        await expectStatus(.iccidAlreadyInUse) { _ = try await env.downloadOrder(DownloadOrderRequest(iccid: gold[1].iccid)) }
    }

    @Test("a downloaded order does not expire")
    func downloadedDoesNotExpire() async throws {
        let env = try await ES2PlusTestEnvironment(orderLifetime: 60)
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        var euicc = try env.euicc()
        let authenticated = try await env.authenticate(&euicc, matchingId: matchingId)
        _ = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated))
        env.clock.advance(by: 120)
        #expect(try await env.smdp.expireOrders() == 0)
        #expect(try await env.activeOrder(iccid).state == .downloaded)
    }

    @Test("the order lifetime must be positive")
    func lifetimeValidated() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: ES2PlusTestEnvironment.address))
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(
                address: ES2PlusTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                orderLifetime: 0)
        }
    }
}
