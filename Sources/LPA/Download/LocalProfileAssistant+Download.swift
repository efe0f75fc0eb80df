import RSPCore
import SwiftASN1
import X509

/// Profile Download and Installation (SGP.22 §3.1.3), one function per step of the
/// sequence diagram, in its order.
extension LocalProfileAssistant {
    public typealias ProgressHandler = @Sendable (DownloadProgress) -> Void
    /// Asked with the offered profile's metadata; `false` declines it (SGP.22 §3.1.3.3).
    public typealias ProfileApproval = @Sendable (StoreMetadataRequest) async -> Bool

    /// The state one download carries from step to step.
    struct DownloadSession {
        let activationCode: ActivationCode
        let server: any ES9PlusService
        let report: ProgressHandler
        let transactionId: OctetString

        var address: String { activationCode.smdpAddress }
    }

    /// Downloads the profile an activation code text (QR code or manual entry) designates.
    public func download(
        activationCodeText: String, confirmationCode: String?, progress: ProgressHandler? = nil,
        approveProfile: ProfileApproval? = nil
    ) async throws(LPAError) -> DownloadResult {
        let activationCode: ActivationCode
        do {
            activationCode = try ActivationCode(parsing: activationCodeText)
        } catch let error as IdentifierError {
            throw .activationCode(error.description)
        } catch {
            throw .activationCode("\(error)")
        }
        return try await download(
            activationCode: activationCode, confirmationCode: confirmationCode, progress: progress,
            approveProfile: approveProfile)
    }

    /// Downloads and installs the profile an activation code designates (SGP.22 §3.1.3).
    ///
    /// After a successful ES10b.AuthenticateServer every failure cancels the session on both
    /// sides (ES10b.CancelSession, then ES9+.CancelSession with the eUICC's signed answer, best
    /// effort) before the error is thrown — except an eUICC error that SGP.22 carries to the
    /// SM-DP+ inside the next ES9+ request (AuthenticateServer, PrepareDownload) and a failed
    /// installation, whose Profile Installation Result is itself delivered to the SM-DP+.
    public func download(
        activationCode: ActivationCode, confirmationCode: String?, progress: ProgressHandler? = nil,
        approveProfile: ProfileApproval? = nil
    ) async throws(LPAError) -> DownloadResult {
        let report = progress ?? { _ in }
        let server = serverFactory(activationCode.smdpAddress)
        report(.readingEuiccInformation)
        let (euiccInfo1, euiccChallenge) = try await readEuiccInfo1AndChallenge()
        report(.initiatingAuthentication(smdpAddress: activationCode.smdpAddress))
        let initiated = try await initiateAuthentication(
            server: server, activationCode: activationCode, euiccInfo1: euiccInfo1, euiccChallenge: euiccChallenge)
        let session = DownloadSession(
            activationCode: activationCode, server: server, report: report, transactionId: initiated.transactionId)
        // The version the eUICC will accept, known from what it offered and what the SM-DP+ signed,
        // decides ctxParams1 (operationType only from v3 on) and whether a download may start.
        let negotiation = try Self.negotiation(euiccInfo1: euiccInfo1, serverSigned1: initiated.serverSigned1.value)
        if case .success(let agreement) = negotiation {
            try Self.requireFeature(.profileDownload, in: agreement)
        }
        report(.authenticatingServer)
        let authenticateServerResponse = try await authenticateServer(session, initiated: initiated, negotiation: negotiation)
        let agreement = try await cancellingOnFailure(session) { () throws(LPAError) in
            // The eUICC accepted a version the LPA finds it did not offer: nothing sound follows.
            try negotiation.mapError(LPAError.versionRefused).get()
        }
        logger.info("SGP.22 version negotiated", metadata: ["agreement": "\(agreement)"])

        report(.authenticatingClient)
        let authenticated = try await cancellingOnFailure(session) { () async throws(LPAError) in
            try await authenticateClient(session, authenticateServerResponse: authenticateServerResponse)
        }
        report(.profileMetadata(authenticated.profileMetaData))
        let hashCc = try await confirmDownload(
            session, offer: authenticated, confirmationCode: confirmationCode, approveProfile: approveProfile)

        report(.preparingDownload)
        let prepareDownloadResponse = try await cancellingOnFailure(session) { () async throws(LPAError) in
            var request = authenticated.prepareDownloadRequest
            request.hashCc = hashCc
            return try await es10.prepareDownload(request)
        }
        try await forwardIfRefused(session, prepareDownloadResponse: prepareDownloadResponse)

        report(.gettingBoundProfilePackage)
        let bpp = try await cancellingOnFailure(session) { () async throws(LPAError) in
            try await getBoundProfilePackage(session, prepareDownloadResponse: prepareDownloadResponse)
        }
        let installationResult = try await cancellingOnFailure(session) { () async throws(LPAError) in
            try await loadBoundProfilePackage(session, bpp: bpp)
        }
        report(.sendingInstallationResult)
        let delivered = await sendInstallationResult(session, installationResult)
        return try downloadResult(
            session, installationResult: installationResult, metadata: authenticated.profileMetaData,
            delivered: delivered, agreement: agreement)
    }

    // MARK: Steps

    /// ES10b.GetEUICCInfo1 and ES10b.GetEUICCChallenge (§3.1.2, steps 1–3).
    func readEuiccInfo1AndChallenge() async throws(LPAError) -> (EUICCInfo1, OctetString) {
        let info1 = try await es10.getEUICCInfo1()
        let challenge = try await es10.getEUICCChallenge().euiccChallenge
        return (info1, challenge)
    }

    /// ES9+.InitiateAuthentication (§5.6.1), with the SM-DP+ address of the activation code,
    /// and the LPA's checks of the answer: one transaction id throughout, and the SM-DP+ OID
    /// of the activation code, when it has one, in CERT.DPauth (§4.1).
    func initiateAuthentication(
        server: any ES9PlusService, activationCode: ActivationCode, euiccInfo1: EUICCInfo1, euiccChallenge: OctetString
    ) async throws(LPAError) -> InitiateAuthenticationOkEs9 {
        let request = InitiateAuthenticationRequest(
            euiccChallenge: euiccChallenge, smdpAddress: activationCode.smdpAddress, euiccInfo1: euiccInfo1)
        let initiated = try await callServer(.initiateAuthentication, address: activationCode.smdpAddress) {
            try await server.initiateAuthentication(request)
        }
        guard initiated.serverSigned1.value.transactionId == initiated.transactionId else {
            throw .unexpectedResponse(
                function: ES9PlusFunction.initiateAuthentication.rawValue,
                reason: "serverSigned1 carries another transactionId than the response")
        }
        try verifySmdpOid(activationCode, serverCertificate: initiated.serverCertificate)
        return initiated
    }

    /// An activation code that names the SM-DP+ OID binds the download to that SM-DP+: its
    /// CERT.DPauth.ECDSA must carry the OID as subjectAltName registeredID (SGP.22 §4.1, §4.5.2.1).
    func verifySmdpOid(_ activationCode: ActivationCode, serverCertificate: CertificateDER) throws(LPAError) {
        guard let text = activationCode.smdpOID else { return }
        let expected: ASN1ObjectIdentifier
        do {
            expected = try ASN1ObjectIdentifier(dotRepresentation: text)
        } catch {
            throw .activationCode("the SM-DP+ OID '\(text)' is not an object identifier")
        }
        let registeredIDs: [ASN1ObjectIdentifier]
        do {
            registeredIDs = try ServerCertificateOIDs.registeredIDs(of: serverCertificate)
        } catch {
            throw .unexpectedResponse(
                function: ES9PlusFunction.initiateAuthentication.rawValue,
                reason: "serverCertificate cannot be parsed: \(error)")
        }
        guard registeredIDs.contains(expected) else {
            throw .activationCode("the SM-DP+ does not hold the OID \(text) the activation code requires")
        }
    }

    /// ES10b.AuthenticateServer (§5.7.13) with ctxParams1 = {matchingId of the activation code,
    /// deviceInfo, and operationType profileDownload when the negotiated version has it}. An
    /// eUICC error goes to the SM-DP+ in ES9+.AuthenticateClient, which ends its session, and is
    /// then thrown — as `versionRefused` when the server chose a version the eUICC did not offer.
    func authenticateServer(
        _ session: DownloadSession, initiated: InitiateAuthenticationOkEs9,
        negotiation: Result<VersionNegotiation.Agreement, VersionNegotiation.Refusal>
    ) async throws(LPAError) -> AuthenticateServerResponse {
        let matchingId = session.activationCode.matchingID
        let context = CtxParamsForCommonAuthentication(
            matchingId: matchingId.isEmpty ? nil : matchingId, deviceInfo: deviceInfo,
            operationType: Self.operationType(.profileDownload, agreement: try? negotiation.get()))
        let request = AuthenticateServerRequest(
            serverSigned1: initiated.serverSigned1, serverSignature1: initiated.serverSignature1,
            euiccCiPKIdToBeUsed: initiated.euiccCiPKIdToBeUsed, serverCertificate: initiated.serverCertificate,
            ctxParams1: .ctxParamsForCommonAuthentication(context))
        let response = try await es10.authenticateServer(request)
        if case .authenticateResponseError(let refusal) = response {
            let error = LPAError.es10(ES10FunctionError(.authenticateServer, refusal.authenticateErrorCode))
            logger.warning("eUICC refused the SM-DP+", metadata: ["error": "\(refusal.authenticateErrorCode)"])
            _ = try? await callServer(.authenticateClient, address: session.address) {
                try await session.server.authenticateClient(
                    AuthenticateClientRequest(transactionId: session.transactionId, authenticateServerResponse: response))
            }
            if case .failure(let versionRefusal) = negotiation { throw .versionRefused(versionRefusal) }
            throw error
        }
        return response
    }

    /// ES9+.AuthenticateClient (§5.6.3): the SM-DP+ verifies the eUICC and offers the profile.
    func authenticateClient(_ session: DownloadSession, authenticateServerResponse: AuthenticateServerResponse)
        async throws(LPAError) -> AuthenticateClientOk
    {
        let request = AuthenticateClientRequest(
            transactionId: session.transactionId, authenticateServerResponse: authenticateServerResponse)
        let offer = try await callServer(.authenticateClient, address: session.address) {
            try await session.server.authenticateClient(request)
        }
        guard offer.transactionId == session.transactionId,
            offer.prepareDownloadRequest.smdpSigned2.value.transactionId == session.transactionId
        else {
            throw .unexpectedResponse(
                function: ES9PlusFunction.authenticateClient.rawValue, reason: "transactionId of another session")
        }
        return offer
    }

    /// The end user's confirmation (§3.1.3.3): the offered profile may be declined, and when
    /// the SM-DP+ signed ccRequiredFlag a Confirmation Code is required. Declining or a
    /// missing code cancels the session with reason endUserRejection.
    ///
    /// - Returns: hashCc for PrepareDownload, or nil when no code is required.
    func confirmDownload(
        _ session: DownloadSession, offer: AuthenticateClientOk, confirmationCode: String?,
        approveProfile: ProfileApproval?
    ) async throws(LPAError) -> OctetString? {
        if let approveProfile, await approveProfile(offer.profileMetaData) == false {
            await cancelSession(session, reason: .endUserRejection)
            throw .rejectedByEndUser
        }
        let ccRequired = offer.prepareDownloadRequest.smdpSigned2.value.ccRequiredFlag
        if ccRequired != session.activationCode.confirmationCodeRequired {
            // The SM-DP+'s signed flag is what the eUICC enforces; the AC flag only tells the
            // LPA to ask for the code up front.
            logger.notice(
                "ccRequiredFlag differs from the activation code",
                metadata: ["smdp": "\(ccRequired)", "activationCode": "\(session.activationCode.confirmationCodeRequired)"])
        }
        guard ccRequired else { return nil }
        guard let confirmationCode, !confirmationCode.isEmpty else {
            await cancelSession(session, reason: .endUserRejection)
            throw .confirmationCodeMissing
        }
        return ConfirmationCode.hashCc(confirmationCode, transactionId: session.transactionId)
    }

    /// A PrepareDownload error goes to the SM-DP+ in ES9+.GetBoundProfilePackage (§5.6.2),
    /// which ends its session, and is then thrown.
    func forwardIfRefused(_ session: DownloadSession, prepareDownloadResponse: PrepareDownloadResponse) async throws(LPAError) {
        guard case .downloadResponseError(let refusal) = prepareDownloadResponse else { return }
        logger.warning("eUICC refused PrepareDownload", metadata: ["error": "\(refusal.downloadErrorCode)"])
        _ = try? await callServer(.getBoundProfilePackage, address: session.address) {
            try await session.server.getBoundProfilePackage(
                GetBoundProfilePackageRequest(
                    transactionId: session.transactionId, prepareDownloadResponse: prepareDownloadResponse))
        }
        throw .es10(ES10FunctionError(.prepareDownload, refusal.downloadErrorCode))
    }

    /// ES9+.GetBoundProfilePackage (§5.6.2).
    func getBoundProfilePackage(_ session: DownloadSession, prepareDownloadResponse: PrepareDownloadResponse)
        async throws(LPAError) -> BoundProfilePackage
    {
        let request = GetBoundProfilePackageRequest(
            transactionId: session.transactionId, prepareDownloadResponse: prepareDownloadResponse)
        let ok = try await callServer(.getBoundProfilePackage, address: session.address) {
            try await session.server.getBoundProfilePackage(request)
        }
        guard ok.transactionId == session.transactionId else {
            throw .unexpectedResponse(
                function: ES9PlusFunction.getBoundProfilePackage.rawValue, reason: "transactionId of another session")
        }
        return ok.boundProfilePackage
    }

    /// ES10b.LoadBoundProfilePackage (§5.7.6) in the §2.5.5 segments.
    func loadBoundProfilePackage(_ session: DownloadSession, bpp: BoundProfilePackage) async throws(LPAError)
        -> ProfileInstallationResult
    {
        let bytes: [UInt8]
        do {
            bytes = try bpp.derEncoded()
        } catch {
            throw .unexpectedResponse(
                function: ES9PlusFunction.getBoundProfilePackage.rawValue, reason: "unusable BPP: \(error)")
        }
        // Counted from the decoded BPP: loadBoundProfilePackage splits the bytes once, for sending.
        session.report(.installingProfile(segments: BoundProfilePackageSegments.count(of: bpp)))
        let result = try await es10.loadBoundProfilePackage(derBytes: bytes)
        guard result.profileInstallationResultData.value.transactionId == session.transactionId else {
            throw .unexpectedResponse(
                function: ES10Function.loadBoundProfilePackage.rawValue,
                reason: "ProfileInstallationResult of another transaction")
        }
        return result
    }

    /// ES9+.HandleNotification with the Profile Installation Result (§3.1.3.4, §5.6.4), then
    /// ES10b.RemoveNotificationFromList — only once the SM-DP+ has accepted it, so a result
    /// that did not arrive stays on the eUICC for `processNotifications()`.
    func sendInstallationResult(_ session: DownloadSession, _ result: ProfileInstallationResult) async -> Bool {
        let notification = PendingNotification.profileInstallationResult(result)
        let metadata = result.profileInstallationResultData.value.notificationMetadata
        let server = metadata.notificationAddress == session.address
            ? session.server : serverFactory(metadata.notificationAddress)
        do {
            try await deliver(notification, metadata: metadata, to: server)
            return true
        } catch {
            logger.warning(
                "installation result not delivered; it stays pending",
                metadata: ["seqNumber": "\(metadata.seqNumber)", "error": "\(error)"])
            return false
        }
    }

    /// The outcome the Profile Installation Result states.
    func downloadResult(
        _ session: DownloadSession, installationResult: ProfileInstallationResult, metadata: StoreMetadataRequest,
        delivered: Bool, agreement: VersionNegotiation.Agreement
    ) throws(LPAError) -> DownloadResult {
        switch installationResult.profileInstallationResultData.value.finalResult {
        case .successResult(let success):
            session.report(.installed(iccid: metadata.iccid))
            return DownloadResult(
                iccid: metadata.iccid, isdpAid: success.aid, transactionId: session.transactionId,
                profileMetadata: metadata, installationResult: installationResult,
                installationResultDelivered: delivered, agreement: agreement)
        case .errorResult(let failure):
            throw .es10(
                ES10FunctionError(
                    .loadBoundProfilePackage, failure.errorReason, detail: "while processing \(failure.bppCommandId)"))
        }
    }

    // MARK: Cancellation

    /// Runs a step after AuthenticateServer; if it fails, cancels the session first.
    func cancellingOnFailure<T>(_ session: DownloadSession, _ step: () async throws(LPAError) -> T)
        async throws(LPAError) -> T
    {
        do {
            return try await step()
        } catch {
            await cancelSession(session, reason: failureCancelReason)
            throw error
        }
    }

    /// ES10b.CancelSession (§5.7.14), then ES9+.CancelSession (§5.6.5) with the eUICC's
    /// answer, retried after `cancelSessionRetryDelays` while the SM-DP+ cannot be reached; best
    /// effort — the failure that led here is what the caller reports.
    func cancelSession(_ session: DownloadSession, reason: CancelSessionReason) async {
        session.report(.cancellingSession(reason))
        let response: CancelSessionResponse
        do {
            response = try await es10.cancelSession(transactionId: session.transactionId, reason: reason)
        } catch {
            logger.warning("ES10b.CancelSession failed", metadata: ["error": "\(error)"])
            return
        }
        var retryDelays = cancelSessionRetryDelays[...]
        while true {
            do {
                try await callServer(.cancelSession, address: session.address) {
                    try await session.server.cancelSession(
                        CancelSessionRequestEs9(transactionId: session.transactionId, cancelSessionResponse: response))
                }
                return
            } catch {
                guard case .serverUnreachable = error, let delay = retryDelays.popFirst(), !Task.isCancelled else {
                    logger.notice("ES9+.CancelSession failed", metadata: ["error": "\(error)"])
                    return
                }
                logger.info("ES9+.CancelSession not delivered, retrying", metadata: ["error": "\(error)", "after": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
    }
}
