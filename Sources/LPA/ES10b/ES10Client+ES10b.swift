import RSPCore

/// ES10b (SGP.22 §5.7.5 – §5.7.14, §5.7.22): the functions the LPA Download and notification
/// procedures use. Each returns the eUICC's response type unchanged (error alternatives
/// included): several of them go on to the SM-DP+ as they are.
extension ES10Client {
    /// ES10b.GetEUICCInfo1 (§5.7.8): SVN and CI keys, for ES9+.InitiateAuthentication.
    public func getEUICCInfo1() async throws(LPAError) -> EUICCInfo1 {
        try await execute(GetEuiccInfo1Request(), function: .getEuiccInfo1)
    }

    /// ES10b.GetEUICCInfo2 (§5.7.8): the eUICC's full capabilities.
    public func getEUICCInfo2() async throws(LPAError) -> EUICCInfo2 {
        try await execute(GetEuiccInfo2Request(), function: .getEuiccInfo2)
    }

    /// ES10b.GetEUICCChallenge (§5.7.7): the 16-byte challenge for mutual authentication.
    public func getEUICCChallenge() async throws(LPAError) -> GetEuiccChallengeResponse {
        try await execute(GetEuiccChallengeRequest(), function: .getEuiccChallenge)
    }

    /// ES10b.AuthenticateServer (§5.7.13).
    public func authenticateServer(_ request: AuthenticateServerRequest) async throws(LPAError)
        -> AuthenticateServerResponse
    {
        try await execute(request, function: .authenticateServer)
    }

    /// ES10b.PrepareDownload (§5.7.5).
    public func prepareDownload(_ request: PrepareDownloadRequest) async throws(LPAError) -> PrepareDownloadResponse {
        try await execute(request, function: .prepareDownload)
    }

    /// ES10b.LoadBoundProfilePackage (§5.7.6) for a decoded BPP: re-encoded (DER is
    /// canonical) and sent in the §2.5.5 pieces.
    public func loadBoundProfilePackage(_ bpp: BoundProfilePackage) async throws(LPAError)
        -> ProfileInstallationResult
    {
        let bytes: [UInt8]
        do {
            bytes = try bpp.derEncoded()
        } catch {
            throw .invalidRequest(
                function: ES10Function.loadBoundProfilePackage.rawValue, reason: "cannot encode the BPP: \(error)")
        }
        return try await loadBoundProfilePackage(derBytes: bytes)
    }

    /// ES10b.LoadBoundProfilePackage (§5.7.6): each §2.5.5 piece is one STORE DATA sequence;
    /// the eUICC answers the intermediate ones with no data and the last with the
    /// ProfileInstallationResult — or answers early with it when a piece fails.
    public func loadBoundProfilePackage(derBytes bpp: [UInt8]) async throws(LPAError) -> ProfileInstallationResult {
        let segments: [[UInt8]]
        do {
            segments = try BoundProfilePackageSegments.split(bpp)
        } catch {
            throw .unexpectedResponse(function: ES10Function.loadBoundProfilePackage.rawValue, reason: error.description)
        }
        let (response, sent) = try await transmitSegments(segments, function: .loadBoundProfilePackage)
        guard !response.isEmpty else {
            throw .unexpectedResponse(
                function: ES10Function.loadBoundProfilePackage.rawValue,
                reason: "no ProfileInstallationResult after the last of \(segments.count) segments")
        }
        if sent < segments.count {
            logger.notice(
                "eUICC answered the BPP early", metadata: ["segment": "\(sent)", "of": "\(segments.count)"])
        }
        return try Self.decode(response, as: ProfileInstallationResult.self, function: .loadBoundProfilePackage)
    }

    /// ES10b.CancelSession (§5.7.14): the eUICC signs the cancellation for the SM-DP+.
    public func cancelSession(transactionId: OctetString, reason: CancelSessionReason) async throws(LPAError)
        -> CancelSessionResponse
    {
        try await execute(CancelSessionRequest(transactionId: transactionId, reason: reason), function: .cancelSession)
    }

    /// ES10b.ListNotification (§5.7.9): metadata of the pending notifications, optionally
    /// only those of the given operations.
    public func listNotification(events: [NotificationEvent]? = nil) async throws(LPAError) -> ListNotificationResponse {
        let filter = events.map { BitString(notificationEvents: $0) }
        return try await execute(ListNotificationRequest(profileManagementOperation: filter), function: .listNotification)
    }

    /// ES10b.RetrieveNotificationsList (§5.7.10): the signed notifications themselves.
    public func retrieveNotificationsList(
        searchCriteria: RetrieveNotificationsListRequest.SearchCriteria? = nil
    ) async throws(LPAError) -> RetrieveNotificationsListResponse {
        try await execute(
            RetrieveNotificationsListRequest(searchCriteria: searchCriteria), function: .retrieveNotificationsList)
    }

    /// ES10b.RemoveNotificationFromList (§5.7.11, NotificationSent): after the server has it.
    public func removeNotificationFromList(seqNumber: Int) async throws(LPAError) -> NotificationSentResponse {
        try await execute(NotificationSentRequest(seqNumber: seqNumber), function: .removeNotificationFromList)
    }

    /// ES10b.LoadCRL (§5.7.12).
    public func loadCRL(_ crl: CertificateListDER) async throws(LPAError) -> LoadCRLResponse {
        try await execute(LoadCRLRequest(crl: crl), function: .loadCRL)
    }

    /// ES10b.GetRAT (§5.7.22): the Rules Authorisation Table for Profile Policy Rules.
    public func getRAT() async throws(LPAError) -> GetRatResponse {
        try await execute(GetRatRequest(), function: .getRAT)
    }
}
