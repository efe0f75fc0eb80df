import Foundation
import RSPCore
import RSPStore

/// Looking up and ending RSP sessions (SGP.22 §5.6: every ES9+ function after InitiateAuthentication
/// names its session by TransactionID).
extension SMDPPlus {
    /// The TransactionID of a request; a value that cannot be one names no session.
    func transactionID(_ octets: OctetString) throws(StatusCode) -> TransactionID {
        do { return try TransactionID(octets) } catch { throw StatusCode.unknownTransactionID }
    }

    /// The session `transactionId` names, if it exists, has not expired and is in one of `states`.
    /// Anything else is `unknownTransactionID` (8.10.1/3.9): a replayed request finds its session
    /// already past the expected state, and an expired session is as good as unknown.
    func activeSession(_ transactionId: TransactionID, in states: Set<SessionState>) async throws -> SessionRecord {
        guard let session = try await store.session(transactionId: transactionId) else {
            throw StatusCode.unknownTransactionID
        }
        try checkActive(session, in: states)
        return session
    }

    /// `activeSession` with what the step reads next (`SessionSnapshot`: the order named by
    /// `matchingId`, or by the session's own when nil, its profile, with its package only
    /// `withPackage`, and operator), in one read.
    func activeSnapshot(
        _ transactionId: TransactionID, in states: Set<SessionState>, matchingId: String?, withPackage: Bool = false
    ) async throws -> SessionSnapshot {
        guard let snapshot = try await store.sessionSnapshot(
            transactionId: transactionId, matchingId: matchingId, withPackage: withPackage)
        else {
            throw StatusCode.unknownTransactionID
        }
        try checkActive(snapshot.session, in: states)
        return snapshot
    }

    func checkActive(_ session: SessionRecord, in states: Set<SessionState>) throws(StatusCode) {
        guard session.expiresAt > now else {
            throw StatusCode.unknownTransactionID.with(message: "The RSP session has expired")
        }
        guard states.contains(session.state) else {
            throw StatusCode.unknownTransactionID.with(message: "The RSP session is \(session.state.rawValue)")
        }
    }

    /// Ends the session as failed (SGP.22 §5.6: on any error the SM-DP+ terminates the RSP session),
    /// leaving its order as it was. Best effort: the caller is already reporting an error.
    func terminateSession(_ transactionId: TransactionID) async {
        do {
            try await store.updateSession(transactionId: transactionId, matchingId: nil, now: now) { session, _ in
                if session.state != .completed && session.state != .cancelled { session.state = .failed }
            }
        } catch {
            logger.warning("terminateSession", metadata: ["transactionId": "\(transactionId)", "outcome": "\(error)"])
        }
    }

    /// Runs the checks of one step on a loaded session and terminates the session if one fails.
    func terminatingOnFailure<Result: Sendable>(
        _ transactionId: TransactionID, _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await body()
        } catch {
            await terminateSession(transactionId)
            throw error
        }
    }
}
