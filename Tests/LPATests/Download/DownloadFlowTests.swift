import LPA
import RSPCore
import Synchronization
import Testing

@Suite("Profile download (SGP.22 §3.1.3) against a fake eUICC and a fake SM-DP+ replaying the pySim session")
struct DownloadFlowTests {
    static let successOrder = [
        "ES10b.GetEUICCInfo1", "ES10b.GetEUICCChallenge", "ES9+.InitiateAuthentication", "ES10b.AuthenticateServer",
        "ES9+.AuthenticateClient", "ES10b.PrepareDownload", "ES9+.GetBoundProfilePackage",
        "ES10b.LoadBoundProfilePackage", "ES9+.HandleNotification", "ES10b.RemoveNotificationFromList",
    ]

    @Test("a download runs the SGP.22 steps in order and returns ICCID, ISD-P AID and the delivered PIR")
    func success() async throws {
        let rig = try await DownloadRig()
        let progress = ProgressLog()
        let result = try await rig.lpa.download(
            activationCode: rig.activationCode, confirmationCode: nil, progress: { step in progress.append(step) })
        #expect(await rig.log.entries == Self.successOrder)
        #expect(result.iccid.digits == rig.session.authenticateClient.profileMetaData.iccid.digits)
        #expect(result.isdpAid.hex == "A0000005591010FFFFFFFF8900001000")
        #expect(result.installationResultDelivered)
        #expect(result.installationResult == rig.session.installationResult)
        #expect(result.transactionId == rig.session.transactionId)
        #expect(progress.steps.contains(.profileMetadata(rig.session.authenticateClient.profileMetaData)))
        #expect(progress.steps.last == .installed(iccid: result.iccid))
    }

    @Test("AuthenticateServer carries the AC's matchingId and the device info; the PIR goes to the SM-DP+ unchanged")
    func requestContents() async throws {
        let rig = try await DownloadRig()
        _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        let authenticateServer = try AuthenticateServerRequest(derBytes: try #require(await rig.card.commands[56]?.first))
        guard case .ctxParamsForCommonAuthentication(let context) = authenticateServer.ctxParams1 else {
            Issue.record("ctxParams1 is not ctxParamsForCommonAuthentication")
            return
        }
        #expect(context.matchingId == "04386-AGYFT-A74Y8-3F815")
        #expect(context.deviceInfo == DownloadRig.deviceInfo)
        #expect(authenticateServer.serverSigned1.derBytes == rig.session.initiateAuthentication.serverSigned1.derBytes)
        let prepare = try PrepareDownloadRequest(derBytes: try #require(await rig.card.commands[33]?.first))
        #expect(prepare.hashCc == nil)
        #expect(await rig.server.notifications == [HandleNotification(pendingNotification: .profileInstallationResult(rig.session.installationResult))])
        let removed = try NotificationSentRequest(derBytes: try #require(await rig.card.commands[48]?.first))
        #expect(removed.seqNumber == rig.session.installationResult.profileInstallationResultData.value.notificationMetadata.seqNumber)
        #expect(await rig.card.bppSegments.flatMap { $0 } == rig.session.bppBytes)
    }

    @Test("when the SM-DP+ requires a confirmation code, PrepareDownload carries hashCc of it and the transaction")
    func confirmationCodeSent() async throws {
        let rig = try await DownloadRig()
        await rig.server.setOffer(try rig.session.authenticateClientRequiringConfirmationCode())
        _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: "12345678")
        let prepare = try PrepareDownloadRequest(derBytes: try #require(await rig.card.commands[33]?.first))
        #expect(prepare.hashCc?.hex == "2DCE4D0096F0D47A9F93BCC48BCF8E67487E71286CAC88486001DC3DB6A63905")
    }

    @Test("a required confirmation code that is missing cancels the session with endUserRejection on both sides")
    func confirmationCodeMissing() async throws {
        let rig = try await DownloadRig()
        await rig.server.setOffer(try rig.session.authenticateClientRequiringConfirmationCode())
        await #expect(throws: LPAError.confirmationCodeMissing) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        let cancel = try CancelSessionRequest(derBytes: try #require(await rig.card.commands[65]?.first))
        #expect(cancel.reason == .endUserRejection)
        #expect(cancel.transactionId == rig.session.transactionId)
        let forwarded = try #require(await rig.server.cancellations.first)
        guard case .cancelSessionResponseOk(let ok) = forwarded.cancelSessionResponse else {
            Issue.record("the eUICC's signed cancellation was not forwarded")
            return
        }
        #expect(ok.euiccCancelSessionSigned.value.reason == .endUserRejection)
        #expect(await rig.log.entries.suffix(2) == ["ES10b.CancelSession", "ES9+.CancelSession"])
        #expect(await rig.card.commands[33] == nil, "no PrepareDownload without the code")
    }

    @Test("declining the offered profile cancels with endUserRejection")
    func declined() async throws {
        let rig = try await DownloadRig()
        await #expect(throws: LPAError.rejectedByEndUser) {
            _ = try await rig.lpa.download(
                activationCode: rig.activationCode, confirmationCode: nil, approveProfile: { _ in false })
        }
        let cancel = try CancelSessionRequest(derBytes: try #require(await rig.card.commands[65]?.first))
        #expect(cancel.reason == .endUserRejection)
        #expect(await rig.server.cancellations.count == 1)
    }

    @Test("a status code from AuthenticateClient cancels the session and is thrown with the function")
    func authenticateClientRefused() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.authenticateClient, with: StatusCode.matchingIDRefused)
        await #expect(throws: LPAError.server(.matchingIDRefused, function: .authenticateClient)) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        #expect(await rig.log.entries.suffix(3) == ["ES9+.AuthenticateClient", "ES10b.CancelSession", "ES9+.CancelSession"])
        let cancel = try CancelSessionRequest(derBytes: try #require(await rig.card.commands[65]?.first))
        #expect(cancel.reason == .postponed)
    }

    @Test("a status code from GetBoundProfilePackage cancels the session; nothing is loaded")
    func getBoundProfilePackageRefused() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.getBoundProfilePackage, with: StatusCode.confirmationCodeRefused)
        await #expect(throws: LPAError.server(.confirmationCodeRefused, function: .getBoundProfilePackage)) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        #expect(await rig.log.entries.suffix(2) == ["ES10b.CancelSession", "ES9+.CancelSession"])
        #expect(await rig.card.bppSegments.isEmpty)
    }

    @Test("an ES10 status word during PrepareDownload cancels the session and is thrown")
    func prepareDownloadStatusWord() async throws {
        let rig = try await DownloadRig()
        await rig.card.on(33) { _ in [] }  // no answer data: the LPA cannot decode a response
        await #expect {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        } throws: { error in
            if case LPAError.unexpectedResponse(let function, _) = error { return function == "ES10b.PrepareDownload" }
            return false
        }
        #expect(await rig.log.entries.suffix(2) == ["ES10b.CancelSession", "ES9+.CancelSession"])
    }

    @Test("an AuthenticateServer error goes to the SM-DP+ in AuthenticateClient and is thrown as the eUICC's code")
    func authenticateServerRefused() async throws {
        let rig = try await DownloadRig()
        let refusal = AuthenticateServerResponse.authenticateResponseError(
            AuthenticateResponseError(transactionId: rig.session.transactionId, authenticateErrorCode: .invalidSignature))
        await rig.card.on(56) { _ in DownloadRig.der(refusal) }
        await rig.server.fail(.authenticateClient, with: StatusCode.euiccSignatureInvalid)
        await #expect(throws: LPAError.es10(ES10FunctionError(.authenticateServer, AuthenticateErrorCode.invalidSignature))) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        #expect(await rig.server.authenticateClientRequests.map(\.authenticateServerResponse) == [refusal])
        #expect(await rig.card.commands[33] == nil)
    }

    @Test("a PrepareDownload error goes to the SM-DP+ in GetBoundProfilePackage and is thrown; no BPP is loaded")
    func prepareDownloadRefused() async throws {
        let rig = try await DownloadRig()
        let refusal = PrepareDownloadResponse.downloadResponseError(
            PrepareDownloadResponseError(transactionId: rig.session.transactionId, downloadErrorCode: .invalidSignature))
        await rig.card.on(33) { _ in DownloadRig.der(refusal) }
        await rig.server.fail(.getBoundProfilePackage, with: StatusCode.euiccSignatureInvalid)
        await #expect(throws: LPAError.es10(ES10FunctionError(.prepareDownload, DownloadErrorCode.invalidSignature))) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        #expect(await rig.server.getBoundProfilePackageRequests.map(\.prepareDownloadResponse) == [refusal])
        #expect(await rig.card.bppSegments.isEmpty)
    }

    @Test("the PIR stays on the eUICC when the SM-DP+ does not accept it: RemoveNotificationFromList only after acceptance")
    func notificationRemovedOnlyAfterAcceptance() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.handleNotification, with: FakeES9PlusServer.Unreachable())
        let result = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        #expect(!result.installationResultDelivered)
        #expect(await rig.card.commands[48] == nil)
        #expect(await rig.log.entries.last == "ES9+.HandleNotification")
    }

    @Test("a failed installation delivers its PIR and throws the eUICC's errorReason")
    func installationFailed() async throws {
        let rig = try await DownloadRig()
        var data = rig.session.installationResult.profileInstallationResultData.value
        data.finalResult = .errorResult(ErrorResult(bppCommandId: .loadProfileElements, errorReason: .installFailedDueToIccidAlreadyExistsOnEuicc))
        let failed = ProfileInstallationResult(profileInstallationResultData: try Encoded(data), euiccSignPIR: rig.session.installationResult.euiccSignPIR)
        await rig.card.answerBPP { _ in DownloadRig.der(failed) }
        await #expect {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        } throws: { error in
            guard case LPAError.es10(let code) = error else { return false }
            return code.function == .loadBoundProfilePackage && code.code == 9 && code.name == "installFailedDueToIccidAlreadyExistsOnEuicc"
        }
        #expect(await rig.server.notifications.count == 1)
        #expect(await rig.card.commands[48]?.count == 1)
        #expect(await rig.card.commands[65] == nil, "a PIR ends the session: nothing to cancel")
    }

    @Test("an SM-DP+ answering with another session's transactionId is refused and the session cancelled")
    func transactionIdMismatch() async throws {
        let rig = try await DownloadRig()
        var offer = rig.session.authenticateClient
        offer.transactionId = [0x01, 0x02, 0x03]
        await rig.server.setOffer(offer)
        await #expect {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        } throws: { error in
            if case LPAError.unexpectedResponse(let function, _) = error { return function == "ES9+.AuthenticateClient" }
            return false
        }
        #expect(await rig.server.cancellations.count == 1)
    }

    @Test("an activation code naming the SM-DP+ OID accepts CERT.DPauth with that registeredID and refuses another")
    func smdpOid() async throws {
        let rig = try await DownloadRig()
        var code = rig.activationCode
        code.smdpOID = "2.999.10"
        _ = try await rig.lpa.download(activationCode: code, confirmationCode: nil)

        let other = try await DownloadRig()
        code.smdpOID = "2.999.11"
        await #expect {
            _ = try await other.lpa.download(activationCode: code, confirmationCode: nil)
        } throws: { error in
            if case LPAError.activationCode = error { return true }
            return false
        }
        #expect(await other.card.commands[56] == nil, "the eUICC is not asked to authenticate a wrong SM-DP+")
    }

    @Test("an unparsable activation code is a typed error and nothing is sent")
    func badActivationCode() async throws {
        let rig = try await DownloadRig()
        await #expect {
            _ = try await rig.lpa.download(activationCodeText: "LPA:2$host$token", confirmationCode: nil)
        } throws: { error in
            if case LPAError.activationCode = error { return true }
            return false
        }
        #expect(await rig.log.entries.isEmpty)
    }

    @Test("an unreachable SM-DP+ is reported with its address, before any session exists")
    func unreachable() async throws {
        let rig = try await DownloadRig()
        await rig.server.fail(.initiateAuthentication, with: FakeES9PlusServer.Unreachable())
        await #expect {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        } throws: { error in
            if case LPAError.serverUnreachable(let address, .initiateAuthentication, _) = error {
                return address == RecordedSession.smdpAddress
            }
            return false
        }
        #expect(await rig.card.commands[65] == nil)
    }
}

/// Collects progress reports (the closure is synchronous and Sendable).
final class ProgressLog: Sendable {
    private let storage = Mutex<[DownloadProgress]>([])
    func append(_ step: DownloadProgress) { storage.withLock { $0.append(step) } }
    var steps: [DownloadProgress] { storage.withLock { $0 } }
}
