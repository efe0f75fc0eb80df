import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES11.AuthenticateClient (SGP.22 v2.2.2 §5.8.2): the eUICC checks of ES9+.AuthenticateClient
/// (§5.6.3), then the events registered for the authenticated EID (§3.6.2).
extension SMDS {
    public func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        try await run("authenticateClient", ["transactionId": "\(request.transactionId.hex)"]) {
            let transactionId = try transactionID(request.transactionId)
            let session = try await activeSession(transactionId)
            return try await terminatingOnFailure(transactionId) {
                let ok = try authenticateResponseOk(request.authenticateServerResponse)
                let signed = ok.euiccSigned1.value
                try checkEuiccSigned1(signed, transactionId: transactionId, session: session)
                let euicc = try EUICCAuthentication(trustedCIs: configuration.trustedCIs, serverName: "SM-DS")
                    .validateEUICCChain(
                        euiccCertificate: ok.euiccCertificate, eumCertificate: ok.eumCertificate,
                        requiredCIPKId: session.ciPKId, at: now)
                try EUICCAuthentication.verifyEuiccSignature1(ok, certificate: euicc.certificate)
                try checkEventRetrievalContext(signed, session: session)
                try await saveAuthenticatedSession(transactionId, eid: euicc.eid)
                let entries = try await retrieveEvents(eid: euicc.eid)
                return AuthenticateClientOkEs11(transactionId: transactionId.octetString, eventEntries: entries)
            }
        }
    }

    /// `authenticateResponseError`: the eUICC refused this SM-DS and signed nothing; the session
    /// ends and the answer is `executionError` (1.2/4.2) naming the eUICC's AuthenticateErrorCode.
    func authenticateResponseOk(_ response: AuthenticateServerResponse) throws(StatusCode) -> AuthenticateResponseOk {
        switch response {
        case .authenticateResponseOk(let ok):
            return ok
        case .authenticateResponseError(let error):
            throw StatusCode.executionError.with(
                message: "The eUICC refused the server authentication: \(error.authenticateErrorCode)")
        }
    }

    /// euiccSigned1 must belong to this session: same TransactionID (8.10.1/3.9), and echo our
    /// serverChallenge and address (8.1/6.1, "serverChallenge is invalid").
    func checkEuiccSigned1(_ signed: EuiccSigned1, transactionId: TransactionID, session: SMDSSessionRecord) throws(StatusCode) {
        guard signed.transactionId.bytes == transactionId.bytes else {
            throw StatusCode.unknownTransactionID.with(message: "euiccSigned1 names another RSP session")
        }
        guard signed.serverChallenge.bytes == session.serverChallenge else { throw StatusCode.euiccSignatureInvalid }
        guard signed.serverAddress.lowercased() == configuration.address.lowercased() else {
            throw StatusCode.euiccSignatureInvalid.with(message: "euiccSigned1 is addressed to another server")
        }
    }

    /// Event retrieval (§3.6.2): the LPA sends no matchingId to an SM-DS, so ctxParams1's matchingId
    /// must be absent or empty. A matchingId belongs to a download from an SM-DP+ (§3.1.3); an
    /// SM-DS has no order to match it against, so it is refused as `matchingIDRefused` (8.2.6/3.8),
    /// the code SGP.22 uses for a MatchingID a server does not accept.
    ///
    /// ctxParams1.operationType (SGP.22 v3) is ignored in a session whose version has none (v2);
    /// otherwise an operation outside the negotiated features is refused as `unsupportedFunction`
    /// (1.2/3.1, `ServerAuthentication.requestedOperations`). Within them, the SM-DS retrieves
    /// events whichever operation the eUICC will go on to run at the server an event names.
    func checkEventRetrievalContext(_ signed: EuiccSigned1, session: SMDSSessionRecord) throws(StatusCode) {
        switch signed.ctxParams1 {
        case .ctxParamsForCommonAuthentication(let params):
            if let id = params.matchingId, !id.isEmpty {
                throw StatusCode.matchingIDRefused.with(message: "An SM-DS event retrieval carries no MatchingID")
            }
            _ = try ServerAuthentication.requestedOperations(
                params, version: session.negotiatedVersion, features: session.negotiatedFeatures)
        }
    }

    /// One transaction: the session goes from `initiated` to `authenticated`, so a replayed or
    /// concurrent AuthenticateClient finds it used (8.10.1/3.9).
    func saveAuthenticatedSession(_ transactionId: TransactionID, eid: EID) async throws {
        try await store.updateSMDSSession(transactionId: transactionId) { session in
            guard session.state == .initiated else { throw StatusCode.unknownTransactionID }
            session.state = .authenticated
            session.eid = eid
        }
    }

    /// All unexpired events for the EID of the eUICC certificate (never one the eUICC claims).
    func retrieveEvents(eid: EID) async throws -> [EventEntries] {
        try await store.events(eid: eid, unexpiredAt: now).map {
            EventEntries(eventId: $0.eventId, rspServerAddress: $0.rspServerAddress)
        }
    }
}
