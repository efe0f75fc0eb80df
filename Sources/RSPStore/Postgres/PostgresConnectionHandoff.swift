import PostgresNIO
import Synchronization

/// Passes a pooled connection from the child task that leases it to the task that uses it, so
/// that the lease can be given up after a deadline while the work itself runs in the caller's
/// task (where the store methods' non-escaping closures live). Each side reports once:
///
/// - the holder `deliver`s the connection (or `fail`s), then waits in `waitUntilReturned`;
/// - the user takes it with `connection()` and gives it back with `returnConnection()`;
/// - the deadline `fail`s the handoff if nothing was delivered by then.
///
/// Whatever comes first wins: a connection delivered after a failure is refused (the holder
/// releases it at once), a failure after a delivery is ignored.
final class PostgresConnectionHandoff: Sendable {
    private struct State {
        var outcome: Result<PostgresConnection, any Error>?
        var user: CheckedContinuation<PostgresConnection, any Error>?
        var returned = false
        var holder: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Offers the leased connection; false when the user already gave up (release it then).
    func deliver(_ connection: PostgresConnection) -> Bool {
        let (accepted, user) = state.withLock { state -> (Bool, CheckedContinuation<PostgresConnection, any Error>?) in
            guard state.outcome == nil else { return (false, nil) }
            state.outcome = .success(connection)
            defer { state.user = nil }
            return (true, state.user)
        }
        user?.resume(returning: connection)
        return accepted
    }

    /// Ends the wait for a connection with `error`, unless one was delivered already.
    func fail(_ error: any Error) {
        let user = state.withLock { state -> CheckedContinuation<PostgresConnection, any Error>? in
            guard state.outcome == nil else { return nil }
            state.outcome = .failure(error)
            defer { state.user = nil }
            return state.user
        }
        user?.resume(throwing: error)
    }

    /// The delivered connection, or the error that ended the wait.
    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Result<PostgresConnection, any Error>? in
                if let outcome = state.outcome { return outcome }
                state.user = continuation
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// The user is done with the connection: the holder may release it.
    func returnConnection() {
        let holder = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.returned = true
            defer { state.holder = nil }
            return state.holder
        }
        holder?.resume()
    }

    /// Suspends the holder until the user returns the connection. Not cancellable on purpose:
    /// the lease must outlive the user's work, whatever happens to the holder's task.
    func waitUntilReturned() async {
        await withCheckedContinuation { continuation in
            let returned = state.withLock { state -> Bool in
                if state.returned { return true }
                state.holder = continuation
                return false
            }
            if returned { continuation.resume() }
        }
    }
}
