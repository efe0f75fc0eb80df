import Foundation
import RSPCore

/// Why the store refused a change.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A record with this key already exists (ICCID, matchingId, TransactionID).
    case duplicate(String)
    case notFound(String)
    /// The record is not in a state that allows the change (e.g. ordering a profile twice).
    case conflict(String)
    /// The database failed; the change was rolled back.
    case storage(String)

    public var description: String {
        switch self {
        case .duplicate(let what): "already exists: \(what)"
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "conflict: \(what)"
        case .storage(let what): "storage failure: \(what)"
        }
    }
}

/// The SM-DP+'s persistent state, behind a protocol so the domain knows no SQL and tests can use
/// the in-memory store. Every method is one transaction: it happens entirely or not at all, and
/// concurrent callers (several server processes on one database) see each change whole.
public protocol SMDPStore: Sendable {
    // MARK: Inventory
    /// Adds a profile; `duplicate` if its ICCID is already known.
    func insertProfile(_ profile: ProfileRecord) async throws
    func profile(iccid: ICCID) async throws -> ProfileRecord?
    /// All profiles with their orders, ordered by ICCID.
    func inventory() async throws -> [InventoryItem]

    // MARK: Orders
    /// Creates an order for an `available` profile; `conflict` if the profile already has an order,
    /// `notFound` if the ICCID is unknown, `duplicate` if the matchingId is taken.
    func insertOrder(_ order: OrderRecord) async throws
    func order(matchingId: String) async throws -> OrderRecord?

    // MARK: Sessions
    func insertSession(_ session: SessionRecord) async throws
    func session(transactionId: TransactionID) async throws -> SessionRecord?

    /// The one way to change a session and its order together, atomically: loads the session
    /// (`notFound` if absent) and the order named by `matchingId` (or, when nil, by the session's
    /// own matchingId), lets `change` edit both, and saves both — or nothing if `change` throws,
    /// in which case the error is rethrown unchanged. The order can only be edited, not created
    /// or removed, and the session's TransactionID cannot change (`conflict`); editing the order
    /// changes its `updatedAt` to `now`.
    func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?) throws -> Result
    ) async throws -> Result

    /// Removes sessions that expired before `date` (and never completed); returns how many.
    func deleteExpiredSessions(before date: Date) async throws -> Int

    // MARK: Notifications
    func insertNotification(_ notification: NotificationRecord) async throws
    func notifications(eid: EID?) async throws -> [NotificationRecord]
}
