import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import SMDPPlus
import Synchronization
import Testing

@testable import OpenRSPCLI

/// The operator side end to end, every hop on its own listener on 127.0.0.1: the operator calls ES2+
/// over mutual TLS, the SM-DP+ registers the event with the SM-DS over ES12 (mutual TLS, DPtls),
/// the device discovers it over ES11 and downloads over ES9+, and the operator's own HTTPS endpoint
/// receives HandleDownloadProgressInfo from the SM-DP+'s outbox.
@Suite("End to end over mutual TLS: an operator orders, the device discovers and downloads", .serialized)
struct OperatorOverMutualTLSTests {
    static let profileType = "TS48V5-SAIP2-3-NOBERTLV-UNIQUE"
    static let owner = "001-01"

    /// The operator's callback endpoint: records what arrives, in order.
    final class ProgressRecorder: ES2PlusOperatorService {
        let received = Mutex<[HandleDownloadProgressInfoRequest]>([])

        func handleDownloadProgressInfo(_ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader) async throws {
            received.withLock { $0.append(request) }
        }

        var points: [HandleDownloadProgressInfoRequest.NotificationPoint] { received.withLock { $0.map(\.notificationPointId) } }
    }

    /// An operator of `deployment` with its client certificate, an ES2+ client, and a callback endpoint.
    struct Operator {
        let name: String
        let identity: RSPIdentity
        let client: ES2PlusHTTPClient
        let recorder: ProgressRecorder

        func caller(_ callId: String = UUID().uuidString) -> ES2PlusCaller {
            ES2PlusCaller(functionRequesterIdentifier: name, functionCallIdentifier: callId, certificateFingerprint: [])
        }
    }

    /// Runs `body` with a deployment, one imported profile owned by 001-01, an operator owning it
    /// (with a callback endpoint and outbox), and stops everything afterwards.
    func withOperator(
        name: String = "OPERATOR-TEST-1", callbacks: Bool = true,
        _ body: (LoopbackDeployment, Operator, DownloadProgressOutbox) async throws -> Void
    ) async throws {
        try await withDeployment { deployment in
            let pki = deployment.pki
            _ = try await deployment.smdp.importProfile(
                upp: Array(try Data(contentsOf: profileURL("\(Self.profileType).der"))), profileType: Self.profileType,
                owner: try OperatorID(mcc: "001", mnc: "01"))
            let recorder = ProgressRecorder()
            var logger = Logger(label: "openrsp.e2e.operator")
            logger.logLevel = .critical
            let receiver = try await RunningServices.start([
                RSPServer(routeGroups: [ES2PlusOperatorRoutes(service: recorder)], host: "127.0.0.1", port: 0,
                          tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
            ], logger: logger)
            let identity = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: name, issuer: pki.ci)
            try await deployment.smdp.registerOperator(
                name: name, poIds: [Self.owner], certificate: identity.certificate,
                callbackURL: callbacks ? "https://localhost:\(receiver.ports[0])" : nil)
            let client = try ES2PlusHTTPClient(smdpAddress: deployment.es2Address, identity: identity, trust: .only([pki.ci.certificate]))
            let transport = try ES2PlusCallbackHTTPClient(trust: .only([pki.ci.certificate]), identity: pki.dpTLS)
            let outbox = DownloadProgressOutbox(
                store: deployment.store, transport: transport, requesterIdentifier: deployment.smdpAddress, logger: logger)
            do {
                try await body(deployment, Operator(name: name, identity: identity, client: client, recorder: recorder), outbox)
            } catch {
                try? await client.shutdown()
                try? await transport.shutdown()
                await receiver.stop()
                throw error
            }
            try await client.shutdown()
            try await transport.shutdown()
            await receiver.stop()
        }
    }

    /// Delivers the outbox until the endpoint holds `count` reports (bounded: 1200 passes, ≥ 60 s,
    /// as a failed delivery's retry waits 1 s, 2 s, 4 s… and CI may starve this task for seconds).
    func deliver(_ outbox: DownloadProgressOutbox, until count: Int, at recorder: ProgressRecorder) async throws {
        for _ in 0..<1200 where recorder.points.count < count {
            _ = await outbox.deliverDue()
            if recorder.points.count < count { try await Task.sleep(for: .milliseconds(50)) }
        }
    }

    @Test("order by type for an EID, confirm with a code and an SM-DS; the device discovers, downloads, installs; progress 1,3,4 reaches the operator; the event is gone")
    func acceptance() async throws {
        try await withOperator { deployment, op, outbox in
            let eid = deployment.card.isdr.identity.eid
            let ordered = try await op.client.downloadOrder(
                DownloadOrderRequest(eid: eid, profileType: Self.profileType), caller: op.caller())
            let confirmed = try await op.client.confirmOrder(
                ConfirmOrderRequest(iccid: ordered.iccid, eid: eid, confirmationCode: "4711",
                                    smdsAddress: deployment.smdsAddress, releaseFlag: true),
                caller: op.caller())
            #expect(confirmed.smdpAddress == deployment.smdpAddress)
            #expect(confirmed.eid == eid)

            let events = try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress)
            #expect(events.map(\.eventId) == [confirmed.matchingId])
            let event = try #require(events.first)
            let result = try await deployment.lpa.download(event: event, confirmationCode: "4711")
            #expect(result.iccid == ordered.iccid)
            #expect(try await deployment.store.activeOrder(iccid: ordered.iccid)?.state == .installed)

            try await deliver(outbox, until: 3, at: op.recorder)
            let reports = op.recorder.received.withLock { $0 }
            #expect(reports.map(\.notificationPointId) == [.eligibilityAndRetryLimitCheck, .bppDownload, .bppInstallation])
            #expect(reports.allSatisfy { $0.iccid == ordered.iccid && $0.eid == eid && $0.notificationPointStatus == .executedSuccess })
            #expect(reports.last?.resultData?.isEmpty == false)
            #expect(try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress).isEmpty)
        }
    }

    @Test("no client certificate, an unregistered certificate, or another operator's certificate: refused")
    func unauthenticatedCallers() async throws {
        try await withOperator { deployment, op, _ in
            let pki = deployment.pki
            let request = DownloadOrderRequest(profileType: Self.profileType)
            // A client certificate from another CI fails the handshake; so does none (plain TLS client).
            let stranger = try RSPPKI.generate()
            let foreign = try ES2PlusHTTPClient(
                smdpAddress: deployment.es2Address,
                identity: try RSPCertificateIssuer.issueTLSClientCertificate(commonName: op.name, issuer: stranger.ci),
                trust: .only([pki.ci.certificate]))
            await #expect(throws: (any Error).self) { _ = try await foreign.downloadOrder(request, caller: op.caller()) }
            try await foreign.shutdown()
            let anonymous = try ES9PlusHTTPClient(
                smdpAddress: deployment.es2Address, configuration: .init(transport: .https(trust: .only([pki.ci.certificate]))))
            await #expect(throws: (any Error).self) {
                _ = try await anonymous.initiateAuthentication(InitiateAuthenticationRequest(
                    euiccChallenge: OctetString([UInt8](repeating: 1, count: 16)), smdpAddress: deployment.smdpAddress,
                    euiccInfo1: await deployment.card.isdr.getEUICCInfo1()))
            }
            try await anonymous.shutdown()

            // CI-issued but never registered: unknown requester (1.1/1.1).
            let unregistered = try ES2PlusHTTPClient(
                smdpAddress: deployment.es2Address,
                identity: try RSPCertificateIssuer.issueTLSClientCertificate(commonName: op.name, issuer: pki.ci),
                trust: .only([pki.ci.certificate]))
            await expectServerStatus(.requesterNotAuthenticated) { _ = try await unregistered.downloadOrder(request, caller: op.caller()) }
            try await unregistered.shutdown()

            // A registered operator of another profile owner: its certificate, its own name.
            let otherIdentity = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-2", issuer: pki.ci)
            try await deployment.smdp.registerOperator(name: "OPERATOR-2", poIds: ["002-02"], certificate: otherIdentity.certificate)
            let other = try ES2PlusHTTPClient(smdpAddress: deployment.es2Address, identity: otherIdentity, trust: .only([pki.ci.certificate]))
            let otherCaller = ES2PlusCaller(functionRequesterIdentifier: "OPERATOR-2", functionCallIdentifier: "c1", certificateFingerprint: [])
            let iccid = try ICCID(digits: "8949449999999990171F", checkLuhn: false)
            await expectServerStatus(.iccidNotAllowed) {
                _ = try await other.downloadOrder(DownloadOrderRequest(iccid: iccid), caller: otherCaller)
            }
            // …and naming the first operator in the header does not help.
            await expectServerStatus(.requesterNotAllowed) { _ = try await other.downloadOrder(request, caller: op.caller()) }
            // The owner's order cannot be confirmed, released or cancelled by the other operator.
            _ = try await op.client.downloadOrder(DownloadOrderRequest(iccid: iccid), caller: op.caller())
            await expectServerStatus(.iccidNotAllowed) {
                _ = try await other.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true), caller: otherCaller)
            }
            await expectServerStatus(.iccidNotAllowed) {
                try await other.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available), caller: otherCaller)
            }
            try await other.shutdown()
            #expect(try await deployment.store.activeOrder(iccid: iccid)?.state == .allocated)
        }
    }

    @Test("three wrong confirmation codes end the order; the right code afterwards is refused; each failure is reported")
    func confirmationCodeRetries() async throws {
        try await withOperator { deployment, op, outbox in
            let eid = deployment.card.isdr.identity.eid
            let ordered = try await op.client.downloadOrder(DownloadOrderRequest(eid: eid, profileType: Self.profileType), caller: op.caller())
            let confirmed = try await op.client.confirmOrder(
                ConfirmOrderRequest(iccid: ordered.iccid, confirmationCode: "4711", releaseFlag: true), caller: op.caller())
            let code = ActivationCode(
                smdpAddress: confirmed.smdpAddress ?? "", matchingID: confirmed.matchingId, confirmationCodeRequired: true)
            for attempt in 1...3 {
                await expectServerStatus(attempt < 3 ? .confirmationCodeRefused : .confirmationCodeRetriesExceeded) {
                    _ = try await deployment.lpa.download(activationCode: code, confirmationCode: "0000")
                }
            }
            await expectServerStatus(.matchingIDRefused) {
                _ = try await deployment.lpa.download(activationCode: code, confirmationCode: "4711")
            }
            #expect(try await deployment.store.activeOrder(iccid: ordered.iccid)?.state == .error)
            // Three times: eligible, then the code fails; the fourth attempt fails the eligibility check.
            try await deliver(outbox, until: 7, at: op.recorder)
            #expect(op.recorder.points == [
                .eligibilityAndRetryLimitCheck, .confirmationFailure, .eligibilityAndRetryLimitCheck, .confirmationFailure,
                .eligibilityAndRetryLimitCheck, .confirmationFailure, .eligibilityAndRetryLimitCheck,
            ])
            let statuses = op.recorder.received.withLock { $0.map(\.notificationPointStatus) }
            #expect(statuses.enumerated().allSatisfy { index, status in
                [0, 2, 4].contains(index) ? status == .executedSuccess : status != .executedSuccess
            })
        }
    }

    @Test("a cancelled order cannot be downloaded and its SM-DS event is withdrawn")
    func cancelledOrder() async throws {
        try await withOperator(callbacks: false) { deployment, op, _ in
            let eid = deployment.card.isdr.identity.eid
            let ordered = try await op.client.downloadOrder(DownloadOrderRequest(eid: eid, profileType: Self.profileType), caller: op.caller())
            let confirmed = try await op.client.confirmOrder(
                ConfirmOrderRequest(iccid: ordered.iccid, smdsAddress: deployment.smdsAddress, releaseFlag: true), caller: op.caller())
            let events = try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress)
            #expect(events.count == 1)
            try await op.client.cancelOrder(
                CancelOrderRequest(iccid: ordered.iccid, eid: eid, matchingId: confirmed.matchingId, finalProfileStatusIndicator: .unavailable),
                caller: op.caller())
            #expect(try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress).isEmpty)
            let code = ActivationCode(smdpAddress: deployment.smdpAddress, matchingID: confirmed.matchingId)
            await expectServerStatus(.matchingIDRefused) { _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil) }
            // Unavailable: the profile cannot be ordered again.
            await expectServerStatus(.profileTypeUnavailable) {
                _ = try await op.client.downloadOrder(DownloadOrderRequest(profileType: Self.profileType), caller: op.caller())
            }
        }
    }

    @Test("an ES11 AuthenticateClient with a tampered eUICC signature is refused with 8.1/6.1")
    func tamperedES11Signature() async throws {
        try await withOperator(callbacks: false) { deployment, _, _ in
            let isdr = deployment.card.isdr
            try await ES11HTTPClient.withClient(
                smdsAddress: deployment.smdsAddress,
                configuration: .init(transport: .https(trust: .only([deployment.pki.ci.certificate])))
            ) { client in
                let initiated = try await client.initiateAuthentication(InitiateAuthenticationRequest(
                    euiccChallenge: await isdr.getEuiccChallenge().euiccChallenge, smdpAddress: deployment.smdsAddress,
                    euiccInfo1: await isdr.getEUICCInfo1()))
                let response = await isdr.authenticateServer(AuthenticateServerRequest(
                    serverSigned1: initiated.serverSigned1, serverSignature1: initiated.serverSignature1,
                    euiccCiPKIdToBeUsed: initiated.euiccCiPKIdToBeUsed, serverCertificate: initiated.serverCertificate,
                    ctxParams1: .ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication(
                        matchingId: nil, deviceInfo: LPAConnection.deviceInfo))))
                guard case .authenticateResponseOk(var ok) = response else {
                    Issue.record("the eUICC refused the SM-DS: \(response)")
                    return
                }
                ok.euiccSignature1.bytes[12] ^= 0x01
                await expectServerStatus(.euiccSignatureInvalid) {
                    _ = try await client.authenticateClient(AuthenticateClientRequest(
                        transactionId: initiated.transactionId, authenticateServerResponse: .authenticateResponseOk(ok)))
                }
            }
        }
    }
}
