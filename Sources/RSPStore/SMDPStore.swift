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
    /// The profile `iccid` names. Without the package, `upp` is empty (`templateID` kept): what an
    /// ownership check or the profile's metadata needs, without reading its 10–100 KB package.
    func profile(iccid: ICCID, withPackage: Bool) async throws -> ProfileRecord?
    /// All profiles with their orders, ordered by ICCID.
    func inventory() async throws -> [InventoryItem]

    /// A page of the inventory, ordered by the stored 20-character padded ICCID (the index
    /// order; for ICCIDs of one length the same as `inventory()`), starting after `after`.
    /// Reads at most `limit` rows whatever the inventory's size.
    func inventory(after: ICCID?, limit: Int) async throws -> [InventoryItem]
    /// How many profiles are in each state (states without profiles are absent), counted by the
    /// database rather than by loading rows.
    func profileCounts() async throws -> [ProfileLifecycleState: Int]

    /// Stores a shared UPP once. Inserting a template whose id is already stored does nothing
    /// (same id, same bytes: the id is their SHA-256).
    func insertTemplate(_ template: ProfileTemplateRecord) async throws
    /// Adds one profile per ICCID, all sharing `metadata` and the stored template `templateID`
    /// (`notFound` if it is not stored), in ONE transaction: either all are inserted, or — when an
    /// ICCID is already known or repeated — none, with `duplicate` naming the first clashing ICCID.
    /// Callers batch (e.g. 10,000 per call) so each transaction stays short.
    func insertProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata, importedAt: Date
    ) async throws

    /// Whether any profile of this type was ever imported (whatever its state).
    func profileTypeExists(_ profileType: String) async throws -> Bool

    // MARK: Orders
    /// Creates an order for an `available` profile; `conflict` if the profile already has an active
    /// order (one not `cancelled`), `notFound` if the ICCID is unknown, `duplicate` if the
    /// matchingId is taken (by any order, cancelled ones included). `recording` is applied in the
    /// same transaction (`FunctionCallRecording`).
    func insertOrder(_ order: OrderRecord, recording: FunctionCallRecording?) async throws
    func order(matchingId: String) async throws -> OrderRecord?
    /// The profile's active order: the newest one not `cancelled`; nil when the profile is available.
    func activeOrder(iccid: ICCID) async throws -> OrderRecord?

    /// ES2+.DownloadOrder by profile type, in one transaction: picks the available profile of
    /// `profileType` owned by one of `owners` with the lowest ICCID (compared in its 20-character
    /// padded EF.ICCID form, the order of the store's index) that `accept` approves, and inserts
    /// the order `make` builds for it (same rules as `insertOrder`). nil when there is no such
    /// profile. Two concurrent calls never get the same profile.
    ///
    /// `accept` and `make` see the profile without its package (`upp` empty, `templateID` kept):
    /// choosing needs only the metadata, and a page of candidates would otherwise carry up to 64
    /// packages (or the template's) for the one order made.
    ///
    /// A profile is one of `owners`' when its owner has the same `mccMnc` as one of them (what
    /// ES2+ ownership compares); a profile without an owner is never picked. The stores find the
    /// first candidate of each owner through an index of available profiles by type and owner,
    /// so the cost grows neither with how many are already ordered nor with other operators'
    /// profiles of the same type name.
    func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord?

    /// Edits the profile's active order in one transaction: `notFound` if it has none. The change
    /// may set a new matchingId (`duplicate` if another order has it, and nothing is saved) but not
    /// another ICCID (`conflict`). `updatedAt` becomes `now` when anything changed. If `change`
    /// throws, nothing is saved and its error is rethrown unchanged. `recording` is applied in the
    /// same transaction, to the order as it ends (`FunctionCallRecording`).
    func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, recording: FunctionCallRecording?, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) async throws -> Result

    /// Orders still pending (`ProfileLifecycleState.isPending`) whose `expiresAt` is at or before
    /// `date`, oldest expiry first, at most `limit`.
    func expiredOrders(at date: Date, limit: Int) async throws -> [OrderRecord]

    /// The oldest `released` order for `eid` that has not expired at `date` (no `expiresAt`, or
    /// one after `date`), or nil: the order a download without a matchingId serves. Reads only
    /// that eUICC's released orders, whatever the size of the inventory and the order history.
    func oldestReleasedOrder(eid: EID, at date: Date) async throws -> OrderRecord?

    // MARK: Sessions
    func insertSession(_ session: SessionRecord) async throws
    func session(transactionId: TransactionID) async throws -> SessionRecord?

    /// The one way to change a session and its order together, atomically: loads the session
    /// (`notFound` if absent) and the order named by `matchingId` (or, when nil, by the session's
    /// own matchingId), lets `change` edit both, and saves both — or nothing if `change` throws,
    /// in which case the error is rethrown unchanged. The order can only be edited, not created
    /// or removed, and neither the session's TransactionID nor the order's matchingId or ICCID can
    /// change (`conflict`); nor can a cancelled order leave `cancelled` while its profile has
    /// another active order (`conflict`). Editing the order changes its `updatedAt` to `now`.
    ///
    /// In the same transaction it puts in the callback outbox the records
    /// `change` appends to its third argument (their ids assigned by the store, as
    /// `enqueueCallback` does): a progress report exists exactly when the state change it reports
    /// does — a crash between the two cannot keep one without the other. If `change` throws,
    /// nothing is enqueued.
    func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result

    /// What an ES9+ step needs about session `transactionId`, read from one snapshot: the session,
    /// the order named by `matchingId` (or, when nil, by the session's own matchingId, as in
    /// `updateSession`), that order's profile and its operator's callback URL. nil when there is
    /// no such session. The profile's package is read only `withPackage`.
    func sessionSnapshot(transactionId: TransactionID, matchingId: String?, withPackage: Bool) async throws -> SessionSnapshot?

    /// Removes at most `limit` of the sessions that expired before `deliveredBefore`, or that
    /// expired in `expired` without delivering a BPP (no `euiccOtpk`); returns how many.
    ///
    /// A session that delivered its BPP outlives its lifetime: its installation result may come
    /// when the device is next online, or again (SGP.22 §3.5), and is still acknowledged. The range
    /// lets a periodic purge read only the sessions that expired since its last pass, not every
    /// delivered one it keeps; the limit keeps each transaction short, so that downloads' writes
    /// are not held up behind a backlog.
    func deleteExpiredSessions(expired: Range<Date>, deliveredBefore: Date, limit: Int) async throws -> Int

    // MARK: Notifications
    func insertNotification(_ notification: NotificationRecord) async throws
    func notifications(eid: EID?) async throws -> [NotificationRecord]
    /// Whether a notification from this eUICC with this seqNumber is recorded, whatever its event
    /// or profile (the eUICC numbers all its notifications in one sequence, SGP.22 §2.4.5.1):
    /// HandleNotification acknowledges a repeat without recording it twice. A keyed look-up, so
    /// its cost does not grow with the eUICC's history.
    func notificationExists(eid: EID, seqNumber: Int) async throws -> Bool
    /// HandleNotification's one transaction: records `notification` and runs `change` on session
    /// `transactionId` and its order exactly as `updateSession` (matchingId nil) does — same rules,
    /// same outbox — all or nothing: a crash cannot keep the installation result without its
    /// notification, nor the other way round. If this eUICC's notification with the same
    /// seqNumber is already recorded (`notificationExists`), nothing changes, `change` does not
    /// run and the result is nil: a repeated notification is acknowledged without effect.
    func insertNotification<Result: Sendable>(
        _ notification: NotificationRecord, updatingSession transactionId: TransactionID, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result?

    // MARK: Operators (ES2+ callers)
    /// `duplicate` if the name or the certificate fingerprint is already registered.
    func insertOperator(_ record: OperatorRecord) async throws
    /// Replaces the operator with the same name (`notFound` if none; `duplicate` if the new
    /// fingerprint belongs to another operator).
    func updateOperator(_ record: OperatorRecord) async throws
    func operatorRecord(name: String) async throws -> OperatorRecord?
    func operatorRecord(certificateFingerprint: [UInt8]) async throws -> OperatorRecord?
    /// All operators, by name.
    func operators() async throws -> [OperatorRecord]

    // MARK: ES2+ idempotency
    func functionCall(requester: String, function: String, callId: String) async throws -> FunctionCallRecord?
    /// Records a call's first outcome. If one is already recorded for (requester, function,
    /// callId), keeps it and returns it; otherwise returns `record`.
    func recordFunctionCall(_ record: FunctionCallRecord) async throws -> FunctionCallRecord

    // MARK: Callback outbox (HandleDownloadProgressInfo)
    /// Stores a callback to deliver; returns it with its `id`.
    func enqueueCallback(_ callback: CallbackRecord) async throws -> CallbackRecord
    /// Undelivered callbacks, lowest id first, at most `limit`.
    func pendingCallbacks(limit: Int) async throws -> [CallbackRecord]
    /// `notFound` if there is no callback `id`.
    func markCallbackDelivered(id: Int64, at date: Date) async throws
    /// Records a failed attempt. `notFound` if there is no callback `id`.
    func rescheduleCallback(id: Int64, attempts: Int, nextAttemptAt: Date, lastError: String) async throws

    // MARK: Retention
    /// Deletes at most `limit` ES2+ function-call records made before `date`; returns how many.
    /// A call that repeats one of their identifiers afterwards is executed as a new call.
    func deleteFunctionCalls(createdBefore date: Date, limit: Int) async throws -> Int
    /// Deletes at most `limit` callbacks delivered before `date`; returns how many. Undelivered
    /// callbacks are never deleted.
    func deleteDeliveredCallbacks(deliveredBefore date: Date, limit: Int) async throws -> Int

    // MARK: Leases (work that one node does for all)
    /// Takes or renews the lease `name` for `holder` until `until`, when the lease is free, expired
    /// at `now`, or already `holder`'s; returns whether `holder` holds it now. Nodes sharing a
    /// database deliver the callback outbox through one holder at a time, so each operator's
    /// reports stay in order; a dead holder's lease lapses at its expiry.
    func acquireLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool

    /// Returns when the database answers a trivial query, throws `storage` otherwise: what a
    /// node's readiness endpoint reports to its load balancer.
    func checkHealth() async throws
}

extension SMDPStore {
    /// The profile `iccid` names, with its package.
    public func profile(iccid: ICCID) async throws -> ProfileRecord? {
        try await profile(iccid: iccid, withPackage: true)
    }

    /// `insertOrder` that records no ES2+ call.
    public func insertOrder(_ order: OrderRecord) async throws {
        try await insertOrder(order, recording: nil)
    }

    /// `insertOrder(forProfileType:…)` that records no ES2+ call.
    public func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord
    ) async throws -> OrderRecord? {
        try await insertOrder(forProfileType: profileType, owners: owners, accept: accept, make: make, recording: nil)
    }

    /// `updateOrder` that records no ES2+ call.
    public func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) async throws -> Result {
        try await updateOrder(iccid: iccid, now: now, recording: nil, change)
    }

    /// `updateSession` for a change that reports nothing to an operator.
    public func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?) throws -> Result
    ) async throws -> Result {
        try await updateSession(transactionId: transactionId, matchingId: matchingId, now: now) {
            session, order, _ in try change(&session, &order)
        }
    }
}
