import Foundation
import RSPCore

/// An `SMDPStore` in memory: for tests and for `openrsp demo`. Each method runs on the actor,
/// so each is atomic like a database transaction.
public actor InMemorySMDPStore: SMDPStore {
    private var profiles: [ICCID: ProfileRecord] = [:]
    private var orders: [String: OrderRecord] = [:]
    private var sessions: [TransactionID: SessionRecord] = [:]
    private var notificationLog: [NotificationRecord] = []

    public init() {}

    public func insertProfile(_ profile: ProfileRecord) throws {
        guard profiles[profile.iccid] == nil else { throw StoreError.duplicate("profile \(profile.iccid)") }
        profiles[profile.iccid] = profile
    }

    public func profile(iccid: ICCID) -> ProfileRecord? { profiles[iccid] }

    public func inventory() -> [InventoryItem] {
        let byICCID = Dictionary(orders.values.map { ($0.iccid, $0) }, uniquingKeysWith: { first, _ in first })
        return profiles.values.sorted { $0.iccid.digits < $1.iccid.digits }.map {
            InventoryItem(profile: $0, order: byICCID[$0.iccid])
        }
    }

    public func insertOrder(_ order: OrderRecord) throws {
        guard profiles[order.iccid] != nil else { throw StoreError.notFound("profile \(order.iccid)") }
        guard orders[order.matchingId] == nil else { throw StoreError.duplicate("matchingId \(order.matchingId)") }
        guard !orders.values.contains(where: { $0.iccid == order.iccid }) else {
            throw StoreError.conflict("profile \(order.iccid) already has an order")
        }
        orders[order.matchingId] = order
    }

    public func order(matchingId: String) -> OrderRecord? { orders[matchingId] }

    public func insertSession(_ session: SessionRecord) throws {
        guard sessions[session.transactionId] == nil else { throw StoreError.duplicate("session \(session.transactionId)") }
        sessions[session.transactionId] = session
    }

    public func session(transactionId: TransactionID) -> SessionRecord? { sessions[transactionId] }

    public func updateSession<Result: Sendable>(
        transactionId: TransactionID, matchingId: String?, now: Date,
        _ change: @Sendable (inout SessionRecord, inout OrderRecord?) throws -> Result
    ) throws -> Result {
        guard var session = sessions[transactionId] else { throw StoreError.notFound("session \(transactionId)") }
        let key = matchingId ?? session.matchingId
        var order = key.flatMap { orders[$0] }
        let original = order
        let result = try change(&session, &order)
        guard session.transactionId == transactionId else {
            throw StoreError.conflict("a session's TransactionID cannot change")
        }
        if let original {
            guard var edited = order, edited.matchingId == original.matchingId else {
                throw StoreError.conflict("an order cannot be removed or replaced inside a session update")
            }
            if edited != original {
                edited.updatedAt = now
                orders[edited.matchingId] = edited
            }
        } else if order != nil {
            throw StoreError.conflict("an order cannot be created inside a session update")
        }
        sessions[transactionId] = session
        return result
    }

    public func deleteExpiredSessions(before date: Date) -> Int {
        let expired = sessions.values.filter { $0.expiresAt < date && $0.state != .completed }
        for session in expired { sessions[session.transactionId] = nil }
        return expired.count
    }

    public func insertNotification(_ notification: NotificationRecord) {
        notificationLog.append(notification)
    }

    public func notifications(eid: EID?) -> [NotificationRecord] {
        guard let eid else { return notificationLog }
        return notificationLog.filter { $0.eid == eid }
    }
}
