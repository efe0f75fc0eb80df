import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES9+.AuthenticateClient (SGP.22 v2.2.2 §5.6.3; §3.1.2 steps 13–18, §3.1.3 download preparation).
extension SMDPPlus {
    public func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        try await run("authenticateClient", transactionId: request.transactionId.hex) {
            let transactionId = try transactionID(request.transactionId)
            // The order the eUICC asks for is read with the session, before its signature is
            // checked: one read per call. Nothing is decided on it until the checks have passed,
            // and the write re-checks the order under its transaction (`saveAuthenticatedSession`).
            let snapshot = try await activeSnapshot(
                transactionId, in: [.initiated], matchingId: Self.requestedMatchingId(request.authenticateServerResponse))
            let session = snapshot.session
            return try await terminatingOnFailure(transactionId) {
                let ok = try authenticateResponseOk(request.authenticateServerResponse, transactionId: transactionId)
                let signed = ok.euiccSigned1.value
                try checkEuiccSigned1(signed, transactionId: transactionId, session: session)
                let euicc = try validateEUICCChain(
                    euiccCertificate: ok.euiccCertificate, eumCertificate: ok.eumCertificate, requiredCIPKId: session.ciPKId)
                try verifyEuiccSignature1(ok, certificate: euicc.certificate)
                try checkOperationType(signed, session: session)
                let matchingId = Self.matchingId(of: signed)
                let order = try await eligibleOrder(matchingId: matchingId, eid: euicc.eid, snapshot: snapshot)
                // With a matchingId the snapshot holds the order's profile and operator; without,
                // the order was found in the inventory and they are read now.
                let profile = if matchingId == nil {
                    try await store.profile(iccid: order.iccid, withPackage: false)
                } else {
                    snapshot.profile
                }
                guard let profile else {
                    throw StatusCode.executionError.with(message: "The ordered profile is missing from the inventory")
                }
                let metadata = storeMetadata(for: profile)
                let ccRequired = order.confirmationCodeHash != nil
                let smdpSigned2 = try Encoded(SmdpSigned2(transactionId: transactionId.octetString, ccRequiredFlag: ccRequired))
                let smdpSignature2 = try signSmdpSigned2(smdpSigned2, euiccSignature1: ok.euiccSignature1.bytes)
                let recipient = if matchingId == nil {
                    try await progressRecipient(for: order, profileType: profile.profileType)
                } else {
                    Self.progressRecipient(in: snapshot)
                }
                try await saveAuthenticatedSession(
                    transactionId, order: order, euicc: euicc, smdpSignature2: smdpSignature2, ccRequired: ccRequired,
                    reportingTo: recipient)
                return AuthenticateClientOk(
                    transactionId: transactionId.octetString, profileMetaData: metadata,
                    prepareDownloadRequest: PrepareDownloadRequest(
                        smdpSigned2: smdpSigned2, smdpSignature2: OctetString(smdpSignature2), hashCc: nil,
                        smdpCertificate: configuration.dpPb.certificateDER))
            }
        }
    }

    /// The eUICC's answer to ES10b.AuthenticateServer. `authenticateResponseError` means the eUICC
    /// refused *this SM-DP+* (its certificate, signature or OID): the eUICC signed nothing, so this
    /// is not an eUICC signature problem; the session ends and the answer is `executionError`
    /// (1.2/4.2) naming the eUICC's AuthenticateErrorCode.
    func authenticateResponseOk(
        _ response: AuthenticateServerResponse, transactionId: TransactionID
    ) throws(StatusCode) -> AuthenticateResponseOk {
        switch response {
        case .authenticateResponseOk(let ok):
            return ok
        case .authenticateResponseError(let error):
            throw StatusCode.executionError.with(
                message: "The eUICC refused the server authentication: \(error.authenticateErrorCode)")
        }
    }

    /// euiccSigned1 must belong to this session: same TransactionID (8.10.1/3.9), and echo our
    /// serverChallenge and address (8.1/6.1, §5.6.3 "serverChallenge is invalid").
    func checkEuiccSigned1(_ signed: EuiccSigned1, transactionId: TransactionID, session: SessionRecord) throws(StatusCode) {
        guard signed.transactionId.bytes == transactionId.bytes else {
            throw StatusCode.unknownTransactionID.with(message: "euiccSigned1 names another RSP session")
        }
        guard signed.serverChallenge.bytes == session.serverChallenge else { throw StatusCode.euiccSignatureInvalid }
        guard signed.serverAddress.lowercased() == configuration.address.lowercased() else {
            throw StatusCode.euiccSignatureInvalid.with(message: "euiccSigned1 is addressed to another SM-DP+")
        }
    }

    /// euiccSignature1 over euiccSigned1 as received (§5.6.3).
    func verifyEuiccSignature1(_ ok: AuthenticateResponseOk, certificate: Certificate) throws(StatusCode) {
        try EUICCAuthentication.verifyEuiccSignature1(ok, certificate: certificate)
    }

    /// ctxParams1.operationType (SGP.22 v3) against the session's negotiated version: ignored in a
    /// session whose version has none (v2, and sessions stored before negotiation); otherwise an
    /// operation outside the negotiated features is refused (`ServerAuthentication.requestedOperations`),
    /// and so is any but profile download, the one operation this SM-DP+ implements — both as
    /// `unsupportedFunction` (1.2/3.1 "Function not supported"). Checked once euiccSignature1 is
    /// verified: ctxParams1 is part of euiccSigned1.
    func checkOperationType(_ signed: EuiccSigned1, session: SessionRecord) throws(StatusCode) {
        switch signed.ctxParams1 {
        case .ctxParamsForCommonAuthentication(let params):
            let requested = try ServerAuthentication.requestedOperations(
                params, version: session.negotiatedVersion, features: session.negotiatedFeatures)
            guard requested == .profileDownload else {
                throw StatusCode.unsupportedFunction.with(
                    message: "This SM-DP+ implements profile download only; operationType asks for \(requested)")
            }
        }
    }

    /// The matchingId the eUICC's answer names (`matchingId(of:)`), before anything in it is
    /// verified: only the key the session's snapshot reads the order by.
    static func requestedMatchingId(_ response: AuthenticateServerResponse) -> String? {
        guard case .authenticateResponseOk(let ok) = response else { return nil }
        return matchingId(of: ok.euiccSigned1.value)
    }

    /// ctxParams1's matchingId; nil when absent or empty (the default SM-DP+ address use case, §3.1.3).
    static func matchingId(of signed: EuiccSigned1) -> String? {
        switch signed.ctxParams1 {
        case .ctxParamsForCommonAuthentication(let params):
            guard let id = params.matchingId, !id.isEmpty else { return nil }
            return id
        }
    }

    /// `findOrder`, telling the operator of an order its eUICC asked for and was refused
    /// (ES2+.HandleDownloadProgressInfo point 1, failed).
    func eligibleOrder(matchingId: String?, eid: EID, snapshot: SessionSnapshot) async throws -> OrderRecord {
        do {
            return try await findOrder(matchingId: matchingId, eid: eid, snapshot: snapshot)
        } catch let code as StatusCode {
            await reportEligibilityRefused(matchingId: matchingId, eid: eid, code: code)
            throw code
        }
    }

    /// The download order this session serves (§5.6.3 "verify the MatchingID"):
    /// - with a matchingId: it must name an order (8.2.6/3.8), for this EID if the order names one
    ///   (8.1.1/3.8), not expired (8.8.5/4.10) and still `released` — a profile is delivered to one
    ///   order, once, so a downloaded, installed or failed order is refused (8.2.6/3.8);
    /// - without: a released, unexpired order for this EID (8.2.5/4.3 when there is none).
    ///
    /// The order of a matchingId is the one `snapshot` read (by that matchingId).
    func findOrder(matchingId: String?, eid: EID, snapshot: SessionSnapshot) async throws -> OrderRecord {
        let date = now
        guard let matchingId else {
            guard let order = try await store.oldestReleasedOrder(eid: eid, at: date) else { throw StatusCode.noEligibleProfile }
            return order
        }
        guard let order = snapshot.order, order.matchingId == matchingId else { throw StatusCode.matchingIDRefused }
        if let expected = order.eid, expected != eid { throw StatusCode.eidRefused }
        if Self.isExpired(order, at: date) { throw StatusCode.downloadOrderExpired }
        try Self.checkReleased(order)
        return order
    }

    static func isExpired(_ order: OrderRecord, at date: Date) -> Bool {
        order.expiresAt.map { $0 <= date } ?? false
    }

    /// Only a `released` order may be downloaded (8.2.6/3.8 otherwise, saying why).
    static func checkReleased(_ order: OrderRecord?) throws(StatusCode) {
        guard let order else { throw StatusCode.matchingIDRefused }
        switch order.state {
        case .released: return
        case .downloaded, .installed:
            throw StatusCode.matchingIDRefused.with(message: "The profile of this MatchingID has already been \(order.state.rawValue)")
        case .error:
            throw StatusCode.matchingIDRefused.with(message: "The download order of this MatchingID has failed")
        case .available, .allocated, .linked, .confirmed:
            throw StatusCode.matchingIDRefused.with(message: "The profile of this MatchingID is not released")
        case .cancelled, .unavailable:
            throw StatusCode.matchingIDRefused.with(message: "The download order of this MatchingID was cancelled")
        }
    }

    /// smdpSignature2 = DPpb signature over smdpSigned2 ‖ '5F3740' ‖ euiccSignature1 (§5.6.3).
    func signSmdpSigned2(_ smdpSigned2: Encoded<SmdpSigned2>, euiccSignature1: [UInt8]) throws -> [UInt8] {
        let data: [UInt8]
        do {
            data = try SignedData.smdpSignature2(smdpSigned2: smdpSigned2.derBytes, euiccSignature1: euiccSignature1)
        } catch {
            throw StatusCode.euiccSignatureInvalid
        }
        return try RSPSignature.sign(data, with: configuration.dpPb.privateKey).rawRepresentation
    }

    /// One transaction: the session becomes `authenticated` with the eUICC's identity and is linked
    /// to its order, provided nothing changed meanwhile (a concurrent replay, or the order taken by
    /// another session); the operator's report (point 1, success) is enqueued with it.
    func saveAuthenticatedSession(
        _ transactionId: TransactionID, order: OrderRecord, euicc: AuthenticatedEUICC, smdpSignature2: [UInt8],
        ccRequired: Bool, reportingTo recipient: ProgressRecipient?
    ) async throws {
        let certificate = try euicc.certificate.derBytes()
        // The later steps of this session verify signatures with this certificate: they find it parsed.
        euiccCertificates.insert(euicc.certificate, der: certificate)
        let eid = euicc.eid
        let date = now
        try await store.updateSession(
            transactionId: transactionId, matchingId: order.matchingId, now: date
        ) { session, order, outbox in
            guard session.state == .initiated else { throw StatusCode.unknownTransactionID }
            try Self.checkReleased(order)
            session.state = .authenticated
            session.eid = eid
            session.euiccCertificate = certificate
            session.matchingId = order?.matchingId
            session.smdpSignature2 = smdpSignature2
            session.ccRequired = ccRequired
            if let recipient, let order {
                outbox.append(try Self.progressCallback(
                    .eligibilityAndRetryLimitCheck, .executedSuccess, order: order, eid: eid, to: recipient, at: date))
            }
        }
        if let recipient { logEnqueued(.eligibilityAndRetryLimitCheck, .executedSuccess, order: order, recipient: recipient) }
    }
}
