import Foundation
import RSPCore
import RSPStore
import Synchronization

/// An in-memory store whose order insertions, callback enqueues and report-carrying session
/// updates fail (a database outage) while `failing` is set. It can also refuse to record ES2+
/// calls on their own (`failingRecords`), and answer the next look-ups of recorded calls with
/// nothing (`hideRecordedCalls`), as a node that looked before a concurrent call committed.
final class FlakyStore: SMDPStore {
    let base = InMemorySMDPStore()
    private let outage = Mutex(false)
    private let recordOutage = Mutex(false)
    private let hiddenLookups = Mutex(0)

    var failing: Bool {
        get { outage.withLock { $0 } }
        set { outage.withLock { $0 = newValue } }
    }

    var failingRecords: Bool {
        get { recordOutage.withLock { $0 } }
        set { recordOutage.withLock { $0 = newValue } }
    }

    func hideRecordedCalls(lookups: Int) { hiddenLookups.withLock { $0 = lookups } }

    private func check() throws {
        if failing { throw StoreError.storage("database unavailable") }
    }

    func insertProfile(_ profile: ProfileRecord) async throws { try await base.insertProfile(profile) }
    func profile(iccid: ICCID, withPackage: Bool) async throws -> ProfileRecord? {
        await base.profile(iccid: iccid, withPackage: withPackage)
    }
    func inventory() async throws -> [InventoryItem] { await base.inventory() }
    func profileTypeExists(_ profileType: String) async throws -> Bool { await base.profileTypeExists(profileType) }
    func inventory(after: ICCID?, limit: Int) async throws -> [InventoryItem] { await base.inventory(after: after, limit: limit) }
    func profileCounts() async throws -> [ProfileLifecycleState: Int] { await base.profileCounts() }
    func insertTemplate(_ template: ProfileTemplateRecord) async throws { await base.insertTemplate(template) }
    func insertProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata, importedAt: Date
    ) async throws {
        try await base.insertProfiles(fromTemplate: templateID, iccids: iccids, metadata: metadata, importedAt: importedAt)
    }

    func insertOrder(_ order: OrderRecord, recording: FunctionCallRecording?) async throws {
        try check()
        try await base.insertOrder(order, recording: recording)
    }

    func order(matchingId: String) async throws -> OrderRecord? { await base.order(matchingId: matchingId) }
    func activeOrder(iccid: ICCID) async throws -> OrderRecord? { await base.activeOrder(iccid: iccid) }

    func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord? {
        try check()
        return try await base.insertOrder(
            forProfileType: profileType, owners: owners, accept: accept, make: make, recording: recording)
    }

    func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, recording: FunctionCallRecording?, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) async throws -> Result {
        try await base.updateOrder(iccid: iccid, now: now, recording: recording, change)
    }

    func expiredOrders(at date: Date, limit: Int) async throws -> [OrderRecord] {
        await base.expiredOrders(at: date, limit: limit)
    }

    func oldestReleasedOrder(eid: EID, at date: Date) async throws -> OrderRecord? {
        await base.oldestReleasedOrder(eid: eid, at: date)
    }

    func insertSession(_ session: SessionRecord) async throws { try await base.insertSession(session) }
    func session(transactionId: TransactionID) async throws -> SessionRecord? { await base.session(transactionId: transactionId) }

    /// While `failing`, a session update that would enqueue a progress report fails as a whole
    /// (the outage hits that transaction).
    func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result {
        let failing = self.failing
        return try await base.updateSession(transactionId: transactionId, matchingId: matchingId, now: now) {
            session, order, outbox in
            let result = try change(&session, &order, &outbox)
            if failing, !outbox.isEmpty { throw StoreError.storage("database unavailable") }
            return result
        }
    }

    func sessionSnapshot(transactionId: TransactionID, matchingId: String?, withPackage: Bool) async throws -> SessionSnapshot? {
        await base.sessionSnapshot(transactionId: transactionId, matchingId: matchingId, withPackage: withPackage)
    }

    /// As `updateSession`: while `failing`, one that would enqueue a progress report fails whole.
    func insertNotification<Result: Sendable>(
        _ notification: NotificationRecord, updatingSession transactionId: TransactionID, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) async throws -> Result? {
        let failing = self.failing
        return try await base.insertNotification(notification, updatingSession: transactionId, now: now) {
            session, order, outbox in
            let result = try change(&session, &order, &outbox)
            if failing, !outbox.isEmpty { throw StoreError.storage("database unavailable") }
            return result
        }
    }

    func deleteExpiredSessions(expired: Range<Date>, deliveredBefore: Date, limit: Int) async throws -> Int {
        await base.deleteExpiredSessions(expired: expired, deliveredBefore: deliveredBefore, limit: limit)
    }
    func insertNotification(_ notification: NotificationRecord) async throws { await base.insertNotification(notification) }
    func notifications(eid: EID?) async throws -> [NotificationRecord] { await base.notifications(eid: eid) }
    func notificationExists(eid: EID, seqNumber: Int) async throws -> Bool {
        await base.notificationExists(eid: eid, seqNumber: seqNumber)
    }
    func insertOperator(_ record: OperatorRecord) async throws { try await base.insertOperator(record) }
    func updateOperator(_ record: OperatorRecord) async throws { try await base.updateOperator(record) }
    func operatorRecord(name: String) async throws -> OperatorRecord? { await base.operatorRecord(name: name) }

    func operatorRecord(certificateFingerprint: [UInt8]) async throws -> OperatorRecord? {
        await base.operatorRecord(certificateFingerprint: certificateFingerprint)
    }

    func operators() async throws -> [OperatorRecord] { await base.operators() }

    func functionCall(requester: String, function: String, callId: String) async throws -> FunctionCallRecord? {
        let hidden = hiddenLookups.withLock { count in
            defer { count = max(0, count - 1) }
            return count > 0
        }
        if hidden { return nil }
        return await base.functionCall(requester: requester, function: function, callId: callId)
    }

    func recordFunctionCall(_ record: FunctionCallRecord) async throws -> FunctionCallRecord {
        if failingRecords { throw StoreError.storage("function calls unavailable") }
        return await base.recordFunctionCall(record)
    }

    func enqueueCallback(_ callback: CallbackRecord) async throws -> CallbackRecord {
        try check()
        return await base.enqueueCallback(callback)
    }

    func pendingCallbacks(limit: Int) async throws -> [CallbackRecord] { await base.pendingCallbacks(limit: limit) }
    func markCallbackDelivered(id: Int64, at date: Date) async throws { try await base.markCallbackDelivered(id: id, at: date) }

    func rescheduleCallback(id: Int64, attempts: Int, nextAttemptAt: Date, lastError: String) async throws {
        try await base.rescheduleCallback(id: id, attempts: attempts, nextAttemptAt: nextAttemptAt, lastError: lastError)
    }

    func acquireLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        await base.acquireLease(name, holder: holder, now: now, until: until)
    }

    func checkHealth() async throws { await base.checkHealth() }

    func deleteFunctionCalls(createdBefore date: Date, limit: Int) async throws -> Int {
        await base.deleteFunctionCalls(createdBefore: date, limit: limit)
    }

    func deleteDeliveredCallbacks(deliveredBefore date: Date, limit: Int) async throws -> Int {
        await base.deleteDeliveredCallbacks(deliveredBefore: date, limit: limit)
    }
}
