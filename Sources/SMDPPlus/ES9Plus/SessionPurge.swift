import Foundation
import Synchronization

extension SMDPPlus {
    /// Removes the sessions whose lifetime ended without a BPP delivered, and those that delivered
    /// one once `deliveredSessionRetention` has passed too; returns how many. Without it, every
    /// InitiateAuthentication — anyone's, unauthenticated — would leave a row for good.
    ///
    /// Each pass reads only the sessions that expired since this value's previous one (the first
    /// pass, all of them), not every delivered session kept for its installation result.
    ///
    /// The sessions go `batch` at a time, each batch its own transaction, so that a backlog (the
    /// first pass on a store that was never purged) does not hold the downloads' writes up.
    @discardableResult
    public func purgeExpiredSessions(batch: Int = 1_000) async throws -> Int {
        let now = self.now
        let from = sessionPurge.date ?? .distantPast
        let removed = try await Self.deleteInBatches(of: batch) {
            try await store.deleteExpiredSessions(
                expired: min(from, now)..<now, deliveredBefore: now.addingTimeInterval(-configuration.deliveredSessionRetention),
                limit: $0)
        }
        sessionPurge.advance(to: now)
        logger.info("purgeExpiredSessions", metadata: ["removed": "\(removed)"])
        return removed
    }
}

/// The expiry up to which sessions were purged: the next pass starts there.
final class SessionPurgeMark: Sendable {
    private let state = Mutex<Date?>(nil)

    var date: Date? { state.withLock { $0 } }

    /// Never moves back: a pass that ended earlier (a copy running concurrently) leaves it.
    func advance(to date: Date) {
        state.withLock { $0 = max($0 ?? date, date) }
    }
}
