import RSPTestSupport
import Foundation
import Prometheus
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Testing
import X509

@Suite("ES9+.HandleNotification (SGP.22 §5.6.4)")
struct HandleNotificationTests {
    @Test("a tampered installation result is refused: eUICC signature invalid; nothing changes")
    func tamperedPIR() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        var result = try env.installationResult(euicc, order)
        var signature = result.euiccSignPIR.bytes
        signature[0] ^= 0x01
        result.euiccSignPIR = OctetString(signature)
        await expectStatus(.euiccSignatureInvalid) { try await env.send(result) }
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
        #expect(await env.store.notifications(eid: euicc.eid).isEmpty)
    }

    @Test("an installation result signed by another eUICC is refused: eUICC signature invalid")
    func pirByAnotherEUICC() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        var impostor = euicc
        impostor.identity = try TestEUICC(pki: try RSPPKI.generate()).identity
        let result = try env.installationResult(impostor, order)
        await expectStatus(.euiccSignatureInvalid) { try await env.send(result) }
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("an installation result arriving after the session lifetime is still accepted: it is signed, and devices go offline")
    func lateInstallationResult() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        env.clock.advance(by: 24 * 3600)
        let result = try env.installationResult(euicc, order)
        try await env.send(result)
        #expect(try await env.orderState(order.matchingId).state == .installed)
    }

    @Test("an installation result for an unknown transaction is refused: unknown transaction id")
    func unknownTransaction() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        let result = try euicc.profileInstallationResult(
            seqNumber: 1, iccid: order.iccid, smdpAddress: SMDPTestEnvironment.address, smdpOid: env.smdpOID,
            transactionId: Array(repeating: 0x33, count: 16))
        await expectStatus(.unknownTransactionID) { try await env.send(result) }
    }

    @Test("an installation error puts the order in error with 'bppCommandId/errorReason' as its reason")
    func installationError() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        let result = try euicc.profileInstallationResult(
            seqNumber: 4, iccid: order.iccid, smdpAddress: SMDPTestEnvironment.address, smdpOid: env.smdpOID,
            finalResult: .errorResult(ErrorResult(
                bppCommandId: .loadProfileElements, errorReason: .installFailedDueToIccidAlreadyExistsOnEuicc)))
        try await env.send(result)
        let after = try await env.orderState(order.matchingId)
        #expect(after.state == .error)
        #expect(after.reason == "loadProfileElements/installFailedDueToIccidAlreadyExistsOnEuicc")
        #expect(await env.store.notifications(eid: euicc.eid).map(\.seqNumber) == [4])
    }

    @Test("installation results are counted once each, a failure under its bppCommandId and errorReason")
    func installationsCounted() async throws {
        let registry = PrometheusCollectorRegistry()
        let env = try SMDPTestEnvironment(metrics: PrometheusMetricsFactory(registry: registry))
        let (euicc, order) = try await env.boundDownload()
        let installed = try env.installationResult(euicc, order)
        try await env.send(installed)
        try await env.send(installed)  // retried: acknowledged, not counted again
        // Another profile, bound to another eUICC, fails to install.
        let failed = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")
        var failing = try env.euicc()
        _ = try await env.boundProfilePackage(&failing, matchingId: failed.matchingId)
        try await env.send(try failing.profileInstallationResult(
            seqNumber: 4, iccid: failed.iccid, smdpAddress: SMDPTestEnvironment.address, smdpOid: env.smdpOID,
            finalResult: .errorResult(ErrorResult(
                bppCommandId: .loadProfileElements, errorReason: .installFailedDueToIccidAlreadyExistsOnEuicc))))
        let lines = Set(registry.emitToString().split(separator: "\n").map(String.init))
        #expect(lines.contains(#"smdp_profile_installations_total{result="success",bpp_command="",error_reason=""} 1"#), "\(lines)")
        #expect(lines.contains(
            #"smdp_profile_installations_total{result="failure",bpp_command="loadProfileElements",error_reason="installFailedDueToIccidAlreadyExistsOnEuicc"} 1"#),
            "\(lines)")
    }

    @Test("a retried installation result is accepted again without effect and recorded once")
    func duplicatePIR() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        let result = try env.installationResult(euicc, order)
        try await env.send(result)
        try await env.send(result)
        #expect(try await env.orderState(order.matchingId).state == .installed)
        #expect(await env.store.notifications(eid: euicc.eid).count == 1)
    }

    @Test("an installation result before any BPP was delivered is refused: unknown transaction id")
    func pirBeforeBinding() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let result = try env.installationResult(euicc, order)
        await expectStatus(.unknownTransactionID) { try await env.send(result) }
        #expect(try await env.orderState(order.matchingId).state == .released)
    }

    // MARK: Other signed notifications

    @Test("a signed enable notification from a genuine eUICC is recorded, once")
    func otherSignedNotification() async throws {
        let env = try SMDPTestEnvironment()
        let euicc = try env.euicc()
        let iccid = try ICCID(digits: "8949449999999990171", checkLuhn: false)
        let notification = try euicc.otherSignedNotification(
            seqNumber: 9, event: .notificationEnable, iccid: iccid, smdpAddress: SMDPTestEnvironment.address)
        let request = HandleNotification(pendingNotification: .otherSignedNotification(notification))
        try await env.smdp.handleNotification(request)
        try await env.smdp.handleNotification(request)
        let recorded = await env.store.notifications(eid: euicc.eid)
        #expect(recorded.count == 1)
        #expect(recorded.first?.event == "enable")
        #expect(recorded.first?.iccid == iccid)
        #expect(recorded.first?.seqNumber == 9)
    }

    @Test("a signed notification with a tampered signature is refused: eUICC signature invalid")
    func tamperedOtherNotification() async throws {
        let env = try SMDPTestEnvironment()
        let euicc = try env.euicc()
        var notification = try euicc.otherSignedNotification(
            seqNumber: 9, event: .notificationDelete, iccid: try ICCID(digits: "8949449999999990171", checkLuhn: false),
            smdpAddress: SMDPTestEnvironment.address)
        var signature = notification.euiccNotificationSignature.bytes
        signature[63] ^= 0x01
        notification.euiccNotificationSignature = OctetString(signature)
        await expectStatus(.euiccSignatureInvalid) {
            try await env.smdp.handleNotification(HandleNotification(pendingNotification: .otherSignedNotification(notification)))
        }
        #expect(await env.store.notifications(eid: nil).isEmpty)
    }

    @Test("a signed notification from an eUICC of a foreign CI is refused: unknown CI public key")
    func foreignOtherNotification() async throws {
        let env = try SMDPTestEnvironment()
        let foreign = try RSPPKI.generate()
        let euicc = try TestEUICC(pki: foreign)
        let notification = try euicc.otherSignedNotification(
            seqNumber: 1, event: .notificationDisable, iccid: try ICCID(digits: "8949449999999990171", checkLuhn: false),
            smdpAddress: SMDPTestEnvironment.address)
        await expectStatus(.unknownCIPublicKey) {
            try await env.smdp.handleNotification(HandleNotification(pendingNotification: .otherSignedNotification(notification)))
        }
    }

    @Test("a signed notification from an eUICC outside its EUM's range is refused: eUICC certificate invalid")
    func outOfRangeOtherNotification() async throws {
        let env = try SMDPTestEnvironment()
        let identity = try RSPCertificateIssuer.issueEUICC(
            eid: try EID(prefix: "89049099", individualNumber: 5), issuer: env.pki.eum, notBefore: Date(timeIntervalSinceNow: -60))
        let euicc = try TestEUICC(identity: identity, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        let notification = try euicc.otherSignedNotification(
            seqNumber: 1, event: .notificationDisable, iccid: try ICCID(digits: "8949449999999990171", checkLuhn: false),
            smdpAddress: SMDPTestEnvironment.address)
        await expectStatus(.euiccCertificateInvalid) {
            try await env.smdp.handleNotification(HandleNotification(pendingNotification: .otherSignedNotification(notification)))
        }
    }
}
