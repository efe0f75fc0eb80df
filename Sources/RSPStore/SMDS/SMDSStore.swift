import Foundation
import RSPCore

/// The SM-DS's persistent state (events of ES12, sessions of ES11), behind a protocol so the
/// SM-DS domain knows no SQL and tests can use the in-memory store. Every method is one
/// transaction: it happens entirely or not at all.
public protocol SMDSStore: Sendable {
    // MARK: Events (ES12, SGP.22 §5.9)
    /// Adds an event; `duplicate` if its eventId is already registered (by anyone).
    func insertEvent(_ event: EventRecord) async throws
    func event(eventId: String) async throws -> EventRecord?
    /// Removes the event `eventId` if `registeredBy` registered it: `notFound` if there is no such
    /// event, `conflict` (and nothing removed) if another requester registered it.
    func deleteEvent(eventId: String, registeredBy: String) async throws
    /// The events for `eid` that have not expired at `date`, oldest first (then by eventId).
    func events(eid: EID, unexpiredAt date: Date) async throws -> [EventRecord]
    /// Removes the events that expired at or before `date`; returns how many.
    func deleteExpiredEvents(before date: Date) async throws -> Int

    // MARK: Sessions (ES11, SGP.22 §5.8)
    /// Adds a session; `duplicate` if its TransactionID is taken.
    func insertSMDSSession(_ session: SMDSSessionRecord) async throws
    func smdsSession(transactionId: TransactionID) async throws -> SMDSSessionRecord?
    /// Loads the session (`notFound` if absent), lets `change` edit it and saves it — or nothing if
    /// `change` throws, in which case its error is rethrown unchanged. The TransactionID cannot
    /// change (`conflict`).
    func updateSMDSSession<Result: Sendable>(
        transactionId: TransactionID, _ change: @Sendable (inout SMDSSessionRecord) throws -> Result
    ) async throws -> Result
    /// Removes the sessions that expired at or before `date`; returns how many.
    func deleteExpiredSMDSSessions(before date: Date) async throws -> Int
}
