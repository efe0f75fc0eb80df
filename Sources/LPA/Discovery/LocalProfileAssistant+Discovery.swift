import RSPCore

/// Event Retrieval (SGP.22 §3.6.2): the LPA asks an SM-DS, after mutual authentication of the
/// eUICC and the SM-DS (§3.1.2), which events wait for this eUICC, then downloads a profile
/// an event announces as an ordinary download (§3.1.3) with the EventID as MatchingID.
extension LocalProfileAssistant {
    /// The state one event retrieval carries from step to step.
    struct DiscoverySession {
        let address: String
        let server: any ES11Service
        let transactionId: OctetString
    }

    /// Retrieves the events registered for this eUICC at the SM-DS (SGP.22 §3.6.2).
    ///
    /// - Parameter smdsAddress: the SM-DS to ask; by default the eUICC's Root SM-DS address
    ///   (ES10a.GetEuiccConfiguredAddresses, §5.7.3).
    ///
    /// The eUICC's side of the session needs no explicit end: SGP.22 defines no CancelSession
    /// towards an SM-DS, and the eUICC discards the authenticated session at the next
    /// GetEUICCChallenge (§5.7.7) — which the following download issues first. The SM-DS ends
    /// its own session with ES11.AuthenticateClient, successful or not.
    public func discover(smdsAddress: String? = nil) async throws(LPAError) -> [EventEntries] {
        let address = try await resolveSmdsAddress(smdsAddress)
        let server = es11Factory(address)
        let (euiccInfo1, euiccChallenge) = try await readEuiccInfo1AndChallenge()
        let initiated = try await initiateAuthentication(
            smds: server, address: address, euiccInfo1: euiccInfo1, euiccChallenge: euiccChallenge)
        let session = DiscoverySession(address: address, server: server, transactionId: initiated.transactionId)
        let negotiation = try Self.negotiation(euiccInfo1: euiccInfo1, serverSigned1: initiated.serverSigned1.value)
        let authenticateServerResponse = try await authenticateSmds(session, initiated: initiated, negotiation: negotiation)
        let agreement = try negotiation.mapError(LPAError.versionRefused).get()
        logger.info("SGP.22 version negotiated with the SM-DS", metadata: ["agreement": "\(agreement)"])
        let events = try await retrieveEvents(session, authenticateServerResponse: authenticateServerResponse)
        logger.info("SM-DS events retrieved", metadata: ["smds": "\(address)", "events": "\(events.count)"])
        return events
    }

    /// Downloads the profile an SM-DS event announces (SGP.22 §3.6.2 step 6, §3.1.3): the
    /// SM-DP+ is the event's RSP server address and the MatchingID is its EventID.
    public func download(
        event: EventEntries, confirmationCode: String?, progress: ProgressHandler? = nil,
        approveProfile: ProfileApproval? = nil
    ) async throws(LPAError) -> DownloadResult {
        guard !event.rspServerAddress.isEmpty, !event.eventId.isEmpty else {
            throw .invalidRequest(function: "download(event:)", reason: "the event names no SM-DP+ address or no EventID")
        }
        let activationCode = ActivationCode(smdpAddress: event.rspServerAddress, matchingID: event.eventId)
        return try await download(
            activationCode: activationCode, confirmationCode: confirmationCode, progress: progress,
            approveProfile: approveProfile)
    }

    // MARK: Steps

    /// The SM-DS to ask: the caller's, or the Root SM-DS address the eUICC holds (§5.7.3).
    func resolveSmdsAddress(_ address: String?) async throws(LPAError) -> String {
        if let address {
            guard !address.isEmpty else { throw .discoveryNotConfigured(reason: "the SM-DS address is empty") }
            return address
        }
        let root = try await es10.getEuiccConfiguredAddresses().rootDsAddress
        guard !root.isEmpty else { throw .discoveryNotConfigured(reason: "the eUICC holds no Root SM-DS address") }
        return root
    }

    /// ES11.InitiateAuthentication (§5.8.1) with the SM-DS address, and the LPA's check that
    /// serverSigned1 belongs to the transaction the response names.
    func initiateAuthentication(
        smds: any ES11Service, address: String, euiccInfo1: EUICCInfo1, euiccChallenge: OctetString
    ) async throws(LPAError) -> InitiateAuthenticationOkEs9 {
        let request = InitiateAuthenticationRequest(
            euiccChallenge: euiccChallenge, smdpAddress: address, euiccInfo1: euiccInfo1)
        let initiated = try await callSMDS(.initiateAuthentication, address: address) {
            try await smds.initiateAuthentication(request)
        }
        guard initiated.serverSigned1.value.transactionId == initiated.transactionId else {
            throw .unexpectedResponse(
                function: ES11Function.initiateAuthentication.rawValue,
                reason: "serverSigned1 carries another transactionId than the response")
        }
        return initiated
    }

    /// ES10b.AuthenticateServer (§5.7.13) with ctxParams1 = {deviceInfo} and no matchingId:
    /// event retrieval asks for every event of the EID (§3.6.2). The eUICC verifies
    /// CERT.DSauth.ECDSA and serverSignature1. An eUICC error goes to the SM-DS in
    /// ES11.AuthenticateClient, which ends its session, and is then thrown (`versionRefused`
    /// when the SM-DS chose a version the eUICC did not offer). Event retrieval is neither a
    /// download nor RPM, so ctxParams1 carries no operationType whatever the version.
    func authenticateSmds(
        _ session: DiscoverySession, initiated: InitiateAuthenticationOkEs9,
        negotiation: Result<VersionNegotiation.Agreement, VersionNegotiation.Refusal>
    ) async throws(LPAError) -> AuthenticateServerResponse {
        let context = CtxParamsForCommonAuthentication(matchingId: nil, deviceInfo: deviceInfo)
        let request = AuthenticateServerRequest(
            serverSigned1: initiated.serverSigned1, serverSignature1: initiated.serverSignature1,
            euiccCiPKIdToBeUsed: initiated.euiccCiPKIdToBeUsed, serverCertificate: initiated.serverCertificate,
            ctxParams1: .ctxParamsForCommonAuthentication(context))
        let response = try await es10.authenticateServer(request)
        if case .authenticateResponseError(let refusal) = response {
            logger.warning("eUICC refused the SM-DS", metadata: ["error": "\(refusal.authenticateErrorCode)"])
            _ = try? await callSMDS(.authenticateClient, address: session.address) {
                try await session.server.authenticateClient(
                    AuthenticateClientRequest(transactionId: session.transactionId, authenticateServerResponse: response))
            }
            if case .failure(let versionRefusal) = negotiation { throw .versionRefused(versionRefusal) }
            throw .es10(ES10FunctionError(.authenticateServer, refusal.authenticateErrorCode))
        }
        return response
    }

    /// ES11.AuthenticateClient (§5.8.2): the SM-DS verifies the eUICC and answers with the
    /// events registered for its EID, for this transaction.
    func retrieveEvents(_ session: DiscoverySession, authenticateServerResponse: AuthenticateServerResponse)
        async throws(LPAError) -> [EventEntries]
    {
        let request = AuthenticateClientRequest(
            transactionId: session.transactionId, authenticateServerResponse: authenticateServerResponse)
        let ok = try await callSMDS(.authenticateClient, address: session.address) {
            try await session.server.authenticateClient(request)
        }
        guard ok.transactionId == session.transactionId else {
            throw .unexpectedResponse(
                function: ES11Function.authenticateClient.rawValue, reason: "transactionId of another session")
        }
        return ok.eventEntries
    }

    /// Runs one ES11 call, turning its failure into an `LPAError`: a status code from the SM-DS
    /// stays a status code; anything else means the SM-DS was not reached properly.
    func callSMDS<T>(
        _ function: ES11Function, address: String, _ body: () async throws -> T
    ) async throws(LPAError) -> T {
        do {
            return try await body()
        } catch let error as LPAError {
            throw error
        } catch let status as any StatusCodeConvertible {
            throw .smds(status.statusCode, function: function)
        } catch {
            throw .smdsUnreachable(address: address, function: function, reason: "\(error)")
        }
    }
}
