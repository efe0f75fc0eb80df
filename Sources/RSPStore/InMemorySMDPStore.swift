import Foundation
import RSPCore

/// An `SMDPStore` in memory: for tests and for `openrsp demo`. Each method runs on the actor,
/// so each is atomic like a database transaction.
public actor InMemorySMDPStore: SMDPStore {
    private var profiles: [ICCID: ProfileRecord] = [:]
    /// Template profiles hold the template's array itself (copy-on-write: shared, never copied).
    private var templates: [String: [UInt8]] = [:]
    private var orders: [String: OrderRecord] = [:]
    private var sessions: [TransactionID: SessionRecord] = [:]
    private var notificationLog: [NotificationRecord] = []
    /// (EID, seqNumber) of every notification with an EID: `notificationExists` without a scan.
    private var notificationKeys: Set<NotificationKey> = []
    private var operatorsByName: [String: OperatorRecord] = [:]
    private var functionCalls: [FunctionCallKey: FunctionCallRecord] = [:]
    private var outbox: [CallbackRecord] = []
    private var lastCallbackID: Int64 = 0
    private var leases: [String: (holder: String, expiresAt: Date)] = [:]

    public init() {}

    public func insertProfile(_ profile: ProfileRecord) throws {
        guard profiles[profile.iccid] == nil else { throw StoreError.duplicate("profile \(profile.iccid)") }
        var profile = profile
        if let templateID = profile.templateID {
            // As the databases do: a template profile reads back with the stored template's bytes.
            guard let upp = templates[templateID] else { throw StoreError.notFound("template \(templateID)") }
            profile.upp = upp
        }
        profiles[profile.iccid] = profile
    }

    public func profile(iccid: ICCID, withPackage: Bool) -> ProfileRecord? {
        guard var profile = profiles[iccid] else { return nil }
        if !withPackage { profile.upp = [] }
        return profile
    }

    public func profileTypeExists(_ profileType: String) -> Bool {
        profiles.values.contains { $0.profileType == profileType }
    }

    /// Ordered by ICCID digits (a 19-digit ICCID before its 20-digit extensions), as the SQLite store does.
    public func inventory() -> [InventoryItem] {
        profiles.values.sorted {
            ($0.iccid.digits, $0.iccid.paddedDigits) < ($1.iccid.digits, $1.iccid.paddedDigits)
        }.map {
            InventoryItem(profile: $0, order: activeOrder(iccid: $0.iccid))
        }
    }

    /// Ordered by the padded ICCID text, as the database stores page by their index.
    public func inventory(after: ICCID?, limit: Int) -> [InventoryItem] {
        let start = after?.paddedDigits ?? ""
        return profiles.values.filter { $0.iccid.paddedDigits > start }
            .sorted { $0.iccid.paddedDigits < $1.iccid.paddedDigits }
            .prefix(max(0, limit))
            .map { InventoryItem(profile: $0, order: activeOrder(iccid: $0.iccid)) }
    }

    public func profileCounts() -> [ProfileLifecycleState: Int] {
        var counts: [ProfileLifecycleState: Int] = [:]
        for iccid in profiles.keys { counts[activeOrder(iccid: iccid)?.state ?? .available, default: 0] += 1 }
        return counts
    }

    public func insertTemplate(_ template: ProfileTemplateRecord) {
        if templates[template.id] == nil { templates[template.id] = template.upp }
    }

    public func insertProfiles(
        fromTemplate templateID: String, iccids: [ICCID], metadata: ProfileBatchMetadata, importedAt: Date
    ) throws {
        guard let upp = templates[templateID] else { throw StoreError.notFound("template \(templateID)") }
        var seen = Set<ICCID>()
        for iccid in iccids where profiles[iccid] != nil || !seen.insert(iccid).inserted {
            throw StoreError.duplicate("profile \(iccid)")
        }
        for iccid in iccids {
            profiles[iccid] = ProfileRecord(
                iccid: iccid, profileType: metadata.profileType, serviceProviderName: metadata.serviceProviderName,
                profileName: metadata.profileName, profileClass: metadata.profileClass, owner: metadata.owner,
                upp: upp, importedAt: importedAt, templateID: templateID)
        }
    }

    public func insertOrder(_ order: OrderRecord, recording: FunctionCallRecording?) throws {
        guard profiles[order.iccid] != nil else { throw StoreError.notFound("profile \(order.iccid)") }
        guard orders[order.matchingId] == nil else { throw StoreError.duplicate("matchingId \(order.matchingId)") }
        guard activeOrder(iccid: order.iccid) == nil else {
            throw SessionUpdateRules.profileTaken(order.iccid)
        }
        let record = try staged(recording, for: order)
        orders[order.matchingId] = order
        record()
    }

    public func order(matchingId: String) -> OrderRecord? { orders[matchingId] }

    public func activeOrder(iccid: ICCID) -> OrderRecord? {
        orders.values.filter { $0.iccid == iccid && $0.state != .cancelled }
            .max { ($0.createdAt, $0.matchingId) < ($1.createdAt, $1.matchingId) }
    }

    public func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord, recording: FunctionCallRecording?
    ) throws -> OrderRecord? {
        let mccMncs = Set(AllocationPages.mccMncs(owners))
        let candidates = profiles.values
            .filter { profile in
                profile.profileType == profileType && profile.owner.map { mccMncs.contains($0.mccMnc.bytes) } == true
            }
            .sorted { $0.iccid.paddedDigits < $1.iccid.paddedDigits }
        for var profile in candidates where activeOrder(iccid: profile.iccid) == nil {
            // As the databases offer it: without the package.
            profile.upp = []
            guard accept(profile) else { continue }
            let order = try make(profile)
            guard order.iccid == profile.iccid else { throw StoreError.conflict("the order names another profile") }
            try insertOrder(order, recording: recording)
            return order
        }
        return nil
    }

    public func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, recording: FunctionCallRecording?, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) throws -> Result {
        guard let original = activeOrder(iccid: iccid) else { throw StoreError.notFound("order for \(iccid)") }
        var edited = original
        let result = try change(&edited)
        let rules = try OrderUpdateRules(original: original, edited: edited, now: now)
        if let changed = rules.orderToWrite, rules.renamesOrder, orders[changed.matchingId] != nil {
            throw OrderUpdateRules.matchingIdTaken(changed.matchingId)
        }
        let record = try staged(recording, for: rules.orderToWrite ?? original)
        if let changed = rules.orderToWrite {
            orders[original.matchingId] = nil
            orders[changed.matchingId] = changed
        }
        record()
        return result
    }

    /// Checks `recording` and computes its record before anything is written, so that a refused
    /// one leaves the write undone as a rolled-back transaction would; returns what applies it.
    private func staged(_ recording: FunctionCallRecording?, for order: OrderRecord) throws -> () -> Void {
        guard let recording else { return {} }
        let key = recording.key
        guard let record = try recording.record(for: order) else { return { self.functionCalls[key] = nil } }
        guard functionCalls[key] == nil else { throw FunctionCallAlreadyRecorded(key: key) }
        return { self.functionCalls[key] = record }
    }

    public func expiredOrders(at date: Date, limit: Int) -> [OrderRecord] {
        Array(orders.values.filter { order in
            order.state.isPending && order.expiresAt.map { $0 <= date } == true
        }.sorted { ($0.expiresAt ?? date, $0.matchingId) < ($1.expiresAt ?? date, $1.matchingId) }.prefix(max(0, limit)))
    }

    public func oldestReleasedOrder(eid: EID, at date: Date) -> OrderRecord? {
        orders.values.filter { order in
            order.eid == eid && order.state == .released && order.expiresAt.map { $0 > date } ?? true
        }.min { ($0.createdAt, $0.matchingId) < ($1.createdAt, $1.matchingId) }
    }

    public func insertSession(_ session: SessionRecord) throws {
        guard sessions[session.transactionId] == nil else { throw StoreError.duplicate("session \(session.transactionId)") }
        sessions[session.transactionId] = session
    }

    public func session(transactionId: TransactionID) -> SessionRecord? { sessions[transactionId] }

    public func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) throws -> Result {
        guard var session = sessions[transactionId] else { throw StoreError.notFound("session \(transactionId)") }
        let key = matchingId ?? session.matchingId
        var order = key.flatMap { orders[$0] }
        let original = order
        var callbacks: [CallbackRecord] = []
        let result = try change(&session, &order, &callbacks)
        let rules = try SessionUpdateRules(
            transactionId: transactionId, session: session, original: original, edited: order, now: now)
        if rules.revivesOrder, let edited = order, activeOrder(iccid: edited.iccid) != nil {
            throw SessionUpdateRules.profileTaken(edited.iccid)
        }
        if let edited = rules.orderToWrite { orders[edited.matchingId] = edited }
        sessions[transactionId] = session
        for callback in callbacks { _ = enqueueCallback(callback) }
        return result
    }

    public func sessionSnapshot(transactionId: TransactionID, matchingId: String?, withPackage: Bool) -> SessionSnapshot? {
        guard let session = sessions[transactionId] else { return nil }
        let order = (matchingId ?? session.matchingId).flatMap { orders[$0] }
        var profile = order.flatMap { profiles[$0.iccid] }
        if !withPackage { profile?.upp = [] }
        return SessionSnapshot(
            session: session, order: order, profile: profile,
            operatorCallbackURL: order?.operatorName.flatMap { operatorsByName[$0]?.callbackURL })
    }

    public func deleteExpiredSessions(expired range: Range<Date>, deliveredBefore: Date, limit: Int) -> Int {
        let expired = sessions.values.filter {
            $0.expiresAt < deliveredBefore || (range.contains($0.expiresAt) && $0.euiccOtpk == nil)
        }.prefix(max(0, limit))
        for session in expired { sessions[session.transactionId] = nil }
        return expired.count
    }

    public func insertNotification(_ notification: NotificationRecord) {
        notificationLog.append(notification)
        if let eid = notification.eid {
            notificationKeys.insert(NotificationKey(eid: eid, seqNumber: notification.seqNumber))
        }
    }

    /// Runs on the actor, so the check, the update and the insert are one step; the update runs
    /// first, so a refused change records nothing.
    public func insertNotification<Result: Sendable>(
        _ notification: NotificationRecord, updatingSession transactionId: TransactionID, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?, inout [CallbackRecord]) throws -> Result
    ) throws -> Result? {
        if let eid = notification.eid, notificationExists(eid: eid, seqNumber: notification.seqNumber) { return nil }
        let result = try updateSession(transactionId: transactionId, matchingId: nil, now: now, change)
        insertNotification(notification)
        return result
    }

    public func notificationExists(eid: EID, seqNumber: Int) -> Bool {
        notificationKeys.contains(NotificationKey(eid: eid, seqNumber: seqNumber))
    }

    private struct NotificationKey: Hashable {
        let eid: EID
        let seqNumber: Int
    }

    public func notifications(eid: EID?) -> [NotificationRecord] {
        guard let eid else { return notificationLog }
        return notificationLog.filter { $0.eid == eid }
    }

    // MARK: Operators

    public func insertOperator(_ record: OperatorRecord) throws {
        guard operatorsByName[record.name] == nil else { throw StoreError.duplicate("operator \(record.name)") }
        guard operatorRecord(certificateFingerprint: record.certificateFingerprint) == nil else {
            throw StoreError.duplicate("operator certificate of \(record.name)")
        }
        operatorsByName[record.name] = record
    }

    public func updateOperator(_ record: OperatorRecord) throws {
        guard operatorsByName[record.name] != nil else { throw StoreError.notFound("operator \(record.name)") }
        if let other = operatorRecord(certificateFingerprint: record.certificateFingerprint), other.name != record.name {
            throw StoreError.duplicate("operator certificate of \(record.name)")
        }
        operatorsByName[record.name] = record
    }

    public func operatorRecord(name: String) -> OperatorRecord? { operatorsByName[name] }

    public func operatorRecord(certificateFingerprint: [UInt8]) -> OperatorRecord? {
        operatorsByName.values.first { $0.certificateFingerprint == certificateFingerprint }
    }

    public func operators() -> [OperatorRecord] {
        operatorsByName.values.sorted { $0.name < $1.name }
    }

    // MARK: ES2+ idempotency

    public func functionCall(requester: String, function: String, callId: String) -> FunctionCallRecord? {
        functionCalls[FunctionCallKey(requester: requester, function: function, callId: callId)]
    }

    public func recordFunctionCall(_ record: FunctionCallRecord) -> FunctionCallRecord {
        if let first = functionCalls[record.key] { return first }
        functionCalls[record.key] = record
        return record
    }

    // MARK: Callback outbox

    public func enqueueCallback(_ callback: CallbackRecord) -> CallbackRecord {
        lastCallbackID += 1
        var stored = callback
        stored.id = lastCallbackID
        outbox.append(stored)
        return stored
    }

    public func pendingCallbacks(limit: Int) -> [CallbackRecord] {
        Array(outbox.filter { $0.deliveredAt == nil }.prefix(max(0, limit)))
    }

    public func markCallbackDelivered(id: Int64, at date: Date) throws {
        guard let index = outbox.firstIndex(where: { $0.id == id }) else { throw StoreError.notFound("callback \(id)") }
        outbox[index].deliveredAt = date
    }

    public func rescheduleCallback(id: Int64, attempts: Int, nextAttemptAt: Date, lastError: String) throws {
        guard let index = outbox.firstIndex(where: { $0.id == id }) else { throw StoreError.notFound("callback \(id)") }
        outbox[index].attempts = attempts
        outbox[index].nextAttemptAt = nextAttemptAt
        outbox[index].lastError = lastError
    }

    public func deleteFunctionCalls(createdBefore date: Date, limit: Int) -> Int {
        let old = functionCalls.filter { $0.value.createdAt < date }.keys.prefix(max(0, limit))
        for key in old { functionCalls[key] = nil }
        return old.count
    }

    public func deleteDeliveredCallbacks(deliveredBefore date: Date, limit: Int) -> Int {
        let old = Set(outbox.filter { $0.deliveredAt.map { $0 < date } ?? false }.prefix(max(0, limit)).map(\.id))
        outbox.removeAll { old.contains($0.id) }
        return old.count
    }

    // MARK: Leases, health

    public func acquireLease(_ name: String, holder: String, now: Date, until: Date) -> Bool {
        if let lease = leases[name], lease.holder != holder, lease.expiresAt > now { return false }
        leases[name] = (holder, until)
        return true
    }

    /// Memory is always there.
    public func checkHealth() {}
}
