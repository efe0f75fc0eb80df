import Foundation
import RSPCore
import RSPStore

/// Looking up and ending ES11 sessions (SGP.22 §5.8.2 names its session by TransactionID).
extension SMDS {
    /// The TransactionID of a request; a value that cannot be one names no session.
    func transactionID(_ octets: OctetString) throws(StatusCode) -> TransactionID {
        do { return try TransactionID(octets) } catch { throw StatusCode.unknownTransactionID }
    }

    /// The session `transactionId` names, if it exists, has not expired and waits for
    /// AuthenticateClient. Anything else is `unknownTransactionID` (8.10.1/3.9): a replay finds its
    /// session used, and an expired session is as good as unknown.
    func activeSession(_ transactionId: TransactionID) async throws -> SMDSSessionRecord {
        guard let session = try await store.smdsSession(transactionId: transactionId) else {
            throw StatusCode.unknownTransactionID
        }
        guard session.expiresAt > now else {
            throw StatusCode.unknownTransactionID.with(message: "The RSP session has expired")
        }
        guard session.state == .initiated else {
            throw StatusCode.unknownTransactionID.with(message: "The RSP session is \(session.state.rawValue)")
        }
        return session
    }

    /// Ends the session as failed (on any error the server terminates the RSP session). Best
    /// effort: the caller is already reporting an error.
    func terminateSession(_ transactionId: TransactionID) async {
        do {
            try await store.updateSMDSSession(transactionId: transactionId) { session in
                if session.state == .initiated { session.state = .failed }
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
