import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("ES2+ and ES9+ together: an operator's order downloaded by a device, with progress reports (SGP.22 §3.1.1, §5.3.5)")
struct ES2PlusLifecycleTests {
    typealias Point = HandleDownloadProgressInfoRequest.NotificationPoint

    @Test("DownloadOrder → ConfirmOrder (code, SM-DS, release) → download and install: points 1, 3, 4 reported in order",
          arguments: StoreKind.available)
    func fullLifeCycle(kind: StoreKind) async throws {
        let env = try await ES2PlusTestEnvironment(kind)
        try await env.importProfiles()
        var euicc = try env.euicc()
        let iccid = try await env.downloadOrder(DownloadOrderRequest(eid: euicc.eid, profileType: "GOLD"))
        let confirmed = try await env.confirmOrder(ConfirmOrderRequest(
            iccid: iccid, confirmationCode: "2468", smdsAddress: ES2PlusTestEnvironment.smdsAddress, releaseFlag: true))
        #expect(await env.smds.liveEvents == [confirmed.matchingId])

        let authenticated = try await env.authenticate(&euicc, matchingId: confirmed.matchingId)
        #expect(authenticated.profileMetaData.iccid == iccid)
        #expect(authenticated.prepareDownloadRequest.smdpSigned2.value.ccRequiredFlag)
        let bound = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated, confirmationCode: "2468"))
        let contents = try euicc.loadBoundProfilePackage(bound.boundProfilePackage)
        #expect(contents.profileElements == (try Vectors.bytes(ES2PlusTestEnvironment.goldFiles[0], in: Vectors.profiles)))
        #expect(await env.smds.deleted == [confirmed.matchingId])
        #expect(try await env.activeOrder(iccid).state == .downloaded)

        let result = try euicc.profileInstallationResult(
            seqNumber: 1, iccid: iccid, smdpAddress: ES2PlusTestEnvironment.address, smdpOid: env.smdp.configuration.smdpOID)
        try await env.smdp.handleNotification(HandleNotification(pendingNotification: .profileInstallationResult(result)))
        #expect(try await env.activeOrder(iccid).state == .installed)

        let reports = try await env.pendingReports()
        #expect(reports.map(\.report.notificationPointId) == [.eligibilityAndRetryLimitCheck, .bppDownload, .bppInstallation])
        #expect(reports.allSatisfy { $0.report.notificationPointStatus == .executedSuccess })
        #expect(reports.allSatisfy { $0.callback.operatorName == "OPERATOR-A" && $0.callback.url == ES2PlusTestEnvironment.callbackA })
        #expect(reports.allSatisfy { $0.report.eid == euicc.eid && $0.report.iccid == iccid && $0.report.profileType == "GOLD" })
        #expect(reports.map(\.callback.id) == reports.map(\.callback.id).sorted())
        #expect(reports[2].report.resultData == (try PendingNotification.profileInstallationResult(result).derEncoded()))
        #expect(reports[0].report.resultData == nil)
    }

    @Test("a failed installation is reported as failed at point 4 with the signed result")
    func failedInstallation() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        var euicc = try env.euicc()
        let authenticated = try await env.authenticate(&euicc, matchingId: matchingId)
        _ = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated))
        let result = try euicc.profileInstallationResult(
            seqNumber: 1, iccid: iccid, smdpAddress: ES2PlusTestEnvironment.address, smdpOid: env.smdp.configuration.smdpOID,
            finalResult: .errorResult(ErrorResult(bppCommandId: .configureISDP, errorReason: .installFailedDueToInterruption)))
        try await env.smdp.handleNotification(HandleNotification(pendingNotification: .profileInstallationResult(result)))
        // Delivered again by the LPA: acknowledged, not reported twice.
        try await env.smdp.handleNotification(HandleNotification(pendingNotification: .profileInstallationResult(result)))
        let reports = try await env.pendingReports()
        #expect(reports.map(\.report.notificationPointId) == [.eligibilityAndRetryLimitCheck, .bppDownload, .bppInstallation])
        guard case .failed(let code) = reports[2].report.notificationPointStatus else {
            Issue.record("point 4 should have failed")
            return
        }
        #expect(code.message?.contains("configureISDP") == true)
        #expect(reports[2].report.resultData == (try PendingNotification.profileInstallationResult(result).derEncoded()))
    }

    @Test("three wrong confirmation codes end the order; the right one afterwards is refused; each failure is reported")
    func wrongConfirmationCodes() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, confirmationCode: "1234", releaseFlag: true)).matchingId
        for expected in [StatusCode.confirmationCodeRefused, .confirmationCodeRefused, .confirmationCodeRetriesExceeded] {
            var euicc = try env.euicc()
            let authenticated = try await env.authenticate(&euicc, matchingId: matchingId)
            let request = try euicc.prepareDownload(authenticated, confirmationCode: "0000")
            await expectStatus(expected) { _ = try await env.smdp.getBoundProfilePackage(request) }
        }
        let order = try await env.activeOrder(iccid)
        #expect(order.state == .error)
        var euicc = try env.euicc()
        await expectStatus(.matchingIDRefused) { _ = try await env.authenticate(&euicc, matchingId: matchingId) }

        let reports = try await env.pendingReports().map(\.report)
        let points: [Point] = [.eligibilityAndRetryLimitCheck, .confirmationFailure, .eligibilityAndRetryLimitCheck,
                               .confirmationFailure, .eligibilityAndRetryLimitCheck, .confirmationFailure,
                               .eligibilityAndRetryLimitCheck]
        #expect(reports.map(\.notificationPointId) == points)
        let failures = reports.compactMap { report -> String? in
            guard case .failed(let code) = report.notificationPointStatus else { return nil }
            return "\(report.notificationPointId.rawValue):\(code.subjectCode.rawValue)/\(code.reasonCode.rawValue)"
        }
        #expect(failures == ["2:8.2.7/3.8", "2:8.2.7/3.8", "2:8.2.7/6.4", "1:8.2.6/3.8"])
    }

    @Test("a missing confirmation code is reported at point 2 as 8.2.7/2.2")
    func missingConfirmationCode() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, confirmationCode: "1234", releaseFlag: true)).matchingId
        var euicc = try env.euicc()
        let authenticated = try await env.authenticate(&euicc, matchingId: matchingId)
        let request = try euicc.prepareDownload(authenticated, confirmationCode: nil)
        await expectStatus(.confirmationCodeMissing) { _ = try await env.smdp.getBoundProfilePackage(request) }
        let last = try #require(try await env.pendingReports().last?.report)
        #expect(last.notificationPointId == .confirmationFailure)
        #expect(last.notificationPointStatus == .failed(StatusCode.confirmationCodeMissing))
    }

    @Test("an order for another EID is refused to this eUICC and reported failed at point 1 (8.1.1/3.8)")
    func otherEID() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        let iccid = try await env.downloadOrder(DownloadOrderRequest(eid: try ES2PlusTestEnvironment.otherEID(), profileType: "GOLD"))
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        var euicc = try env.euicc()
        await expectStatus(.eidRefused) { _ = try await env.authenticate(&euicc, matchingId: matchingId) }
        let reports = try await env.pendingReports().map(\.report)
        #expect(reports.count == 1)
        #expect(reports.first?.notificationPointStatus == .failed(StatusCode.eidRefused))
        #expect(reports.first?.eid == euicc.eid)
    }

    @Test("a confirmed (not released) order cannot be downloaded yet: 8.2.6/3.8; releasing it makes it downloadable")
    func confirmedNotYetReleased() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: false)).matchingId
        var euicc = try env.euicc()
        await expectStatus(.matchingIDRefused) { _ = try await env.authenticate(&euicc, matchingId: matchingId) }
        var viaDefault = try env.euicc()
        await expectStatus(.noEligibleProfile) { _ = try await env.authenticate(&viaDefault, matchingId: nil) }
        try await env.releaseProfile(iccid)
        var again = try env.euicc()
        #expect(try await env.authenticate(&again, matchingId: nil).profileMetaData.iccid == iccid)
    }

    @Test("no reports for an operator without callback URL, nor for a local order")
    func noCallbackURL() async throws {
        let env = try await ES2PlusTestEnvironment()
        try await env.importProfiles()
        var euicc = try env.euicc()
        let iccid = try await env.downloadOrder(DownloadOrderRequest(eid: euicc.eid, profileType: "GOLD"), by: env.operatorC)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true), by: env.operatorC).matchingId
        _ = try await env.authenticate(&euicc, matchingId: matchingId)
        let silver = try #require(try await env.store.inventory().first { $0.profile.profileType == "SILVER" })
        let (local, _) = try await env.smdp.createOrder(iccid: silver.profile.iccid)
        var other = try env.euicc()
        _ = try await env.authenticate(&other, matchingId: local.matchingId)
        #expect(try await env.pendingReports().isEmpty)
    }

    @Test("a report is stored in the transaction of the state change it reports: both or neither")
    func reportAndStateChangeTogether() async throws {
        let store = FlakyStore()
        let env = try await ES2PlusTestEnvironment(store: store)
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        store.failing = true
        var refused = try env.euicc()
        await expectStatus(.executionError) { _ = try await env.authenticate(&refused, matchingId: matchingId) }
        #expect(try await env.activeOrder(iccid).state == .released)
        #expect(try await env.pendingReports().isEmpty)

        // Once the database is back, the device's retry (a new session) goes through, reported.
        store.failing = false
        var euicc = try env.euicc()
        let authenticated = try await env.authenticate(&euicc, matchingId: matchingId)
        _ = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated))
        #expect(try await env.activeOrder(iccid).state == .downloaded)
        #expect(try await env.pendingReports().map(\.report.notificationPointId) == [.eligibilityAndRetryLimitCheck, .bppDownload])
    }
}
