import EUICC
import Foundation
import LPA
import Logging
import RSPCore
import RSPHTTP
import ServiceLifecycle
import RSPStore
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

/// The acceptance, end to end: real HTTPS on 127.0.0.1, SQLite, the software eUICC
/// installing through its APDU front, the LPA in between.
@Suite("End to end over HTTPS: download, install, manage", .serialized)
struct DownloadOverHTTPSTests {
    static let ts48v5 = [
        "TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der", "TS48V5-SAIP2-1B-NOBERTLV-UNIQUE.der",
        "TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der", "TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der",
        "TS48v5_SAIP2.1A_NoBERTLV.der", "TS48v5_SAIP2.1B_NoBERTLV.der",
        "TS48v5_SAIP2.3_BERTLV_SUCI.der", "TS48v5_SAIP2.3_NoBERTLV.der",
    ]

    @Test("each TS.48 v5 profile downloads, installs, is listed with its ICCID, and the SM-DP+ records it installed",
          arguments: ts48v5)
    func downloadEachProfile(name: String) async throws {
        try await withDeployment { deployment in
            let (record, code) = try await deployment.order(profile: profileURL(name))
            let result = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            #expect(result.iccid == record.iccid)
            #expect(result.installationResultDelivered)
            let listed = try await deployment.lpa.profiles().compactMap(\.iccid)
            #expect(listed == [record.iccid])
            #expect(try await deployment.store.order(matchingId: code.matchingID)?.state == .installed)
            // The installation result was accepted by the SM-DP+ and then removed from the eUICC.
            #expect(try await deployment.lpa.notifications().isEmpty)
        }
    }

    @Test("enable, disable and delete each send a signed notification the SM-DP+ verifies and records; the eUICC then drops it")
    func profileManagementNotifications() async throws {
        try await withDeployment { deployment in
            let (record, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"))
            _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            let eid = deployment.card.isdr.identity.eid
            let installOnly = try await deployment.store.notifications(eid: eid).count

            let enabled = try await deployment.lpa.enable(iccid: record.iccid)
            #expect(enabled.notifications.delivered.count == 1 && enabled.notifications.kept.isEmpty)
            #expect(try await deployment.lpa.profiles().first?.profileState == .enabled)

            let disabled = try await deployment.lpa.disable(iccid: record.iccid)
            #expect(disabled.notifications.delivered.count == 1)

            let deleted = try await deployment.lpa.delete(iccid: record.iccid)
            #expect(deleted.notifications.delivered.count == 1)
            #expect(try await deployment.lpa.profiles().isEmpty)

            let received = try await deployment.store.notifications(eid: eid)
            #expect(received.count == installOnly + 3)
            #expect(received.suffix(3).map(\.event) == ["enable", "disable", "delete"])
            #expect(try await deployment.lpa.notifications().isEmpty)
        }
    }

    @Test("the same order cannot be downloaded twice: the second attempt is refused (8.2.6/3.8) and installs nothing")
    func secondDownloadRefused() async throws {
        try await withDeployment { deployment in
            let (_, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der"))
            _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            _ = try await deployment.lpa.delete(iccid: try #require(try await deployment.lpa.profiles().first?.iccid))
            await expectServerStatus(.matchingIDRefused) {
                _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            }
            #expect(try await deployment.lpa.profiles().isEmpty)
        }
    }

    @Test("an unknown matchingId is refused with 8.2.6/3.8")
    func unknownMatchingID() async throws {
        try await withDeployment { deployment in
            let code = ActivationCode(smdpAddress: deployment.smdpAddress, matchingID: "NO-SUCH-ORDER")
            await expectServerStatus(.matchingIDRefused) {
                _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            }
        }
    }

    @Test("an activation code naming another SM-DP+ address is refused with 8.8.1/3.8")
    func wrongSMDPAddress() async throws {
        try await withDeployment { deployment in
            let (_, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-1B-NOBERTLV-UNIQUE.der"))
            // Same server (its TLS certificate also names 127.0.0.1), but not the address it is configured with.
            var wrong = code
            wrong.smdpAddress = "127.0.0.1:\(deployment.port)"
            await expectServerStatus(.invalidSMDPAddress) {
                _ = try await deployment.lpa.download(activationCode: wrong, confirmationCode: nil)
            }
            #expect(try await deployment.store.order(matchingId: code.matchingID)?.state == .released)
        }
    }

    @Test("an order for another EID is refused with 8.1.1/3.8; with a confirmation code the right code is needed")
    func eidAndConfirmationCode() async throws {
        try await withDeployment { deployment in
            let other = try EID(prefix: "89049032", individualNumber: 7)
            let (_, foreign) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der"), eid: other)
            await expectServerStatus(.eidRefused) {
                _ = try await deployment.lpa.download(activationCode: foreign, confirmationCode: nil)
            }

            let (_, code) = try await deployment.order(
                profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"), confirmationCode: "4711")
            await expectServerStatus(.confirmationCodeRefused) {
                _ = try await deployment.lpa.download(activationCode: code, confirmationCode: "0000")
            }
            let result = try await deployment.lpa.download(activationCode: code, confirmationCode: "4711")
            #expect(try await deployment.store.order(matchingId: code.matchingID)?.state == .installed)
            #expect(result.installationResultDelivered)
        }
    }
}

@Suite("End to end through the vpcd TCP card transport")
struct DownloadOverVPCDTests {
    @Test("an LPA reaching the software eUICC over TCP (vpcd framing) downloads and installs a profile")
    func downloadOverTCP() async throws {
        try await withDeployment { deployment in
            let cardServer = VPCDCardServer(card: deployment.card, host: "127.0.0.1", port: 0)
            let group = ServiceGroup(configuration: .init(services: [cardServer], logger: Logger(label: "test")))
            let task = Task { try await group.run() }
            defer { task.cancel() }
            let port = try await cardServer.boundPort()
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            #expect(try await reader.reset() == SoftwareEUICC.answerToReset)
            let lpa = LocalProfileAssistant(
                es10: ES10Client(transport: reader), deviceInfo: LPAConnection.deviceInfo
            ) { _ in deployment.lpaServer() }
            let (record, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-1B-NOBERTLV-UNIQUE.der"))
            let result = try await lpa.download(activationCode: code, confirmationCode: nil)
            #expect(result.iccid == record.iccid)
            #expect(try await lpa.profiles().compactMap(\.iccid) == [record.iccid])
            await reader.close()
            await group.triggerGracefulShutdown()
            _ = await task.result
        }
    }
}
