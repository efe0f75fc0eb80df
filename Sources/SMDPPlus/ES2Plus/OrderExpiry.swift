import Foundation
import RSPCore
import RSPStore

/// The end of orders nobody downloaded in time (SGP.22 §5.3.1: a download order has a validity
/// period; ES9+ refuses an expired one with 8.8.5/4.10 whether or not it was swept yet).
extension SMDPPlus {
    /// Puts every pending order (`allocated`, `linked`, `confirmed`, `released`) whose `expiresAt`
    /// has passed into `error` with reason "order expired", one transaction each, and withdraws
    /// its SM-DS event. Returns how many orders expired. Meant to run periodically.
    @discardableResult
    public func expireOrders() async throws -> Int {
        let batch = 100
        var expired = 0
        while true {
            let date = now
            let due = try await store.expiredOrders(at: date, limit: batch)
            var progress = false
            for candidate in due {
                guard let previous = try await expireOrder(candidate, at: date) else { continue }
                progress = true
                expired += 1
                if previous.state == .released { await withdrawEvent(of: previous) }
            }
            // A short page is the last; a page where nothing could change would repeat itself.
            if due.count < batch || !progress { break }
        }
        if expired > 0 { logger.info("expireOrders", metadata: ["expired": "\(expired)"]) }
        return expired
    }

    /// One transaction: the order, if it is still the profile's pending order and still expired,
    /// goes to `error`. Returns it as it was, or nil if it had moved on meanwhile.
    func expireOrder(_ candidate: OrderRecord, at date: Date) async throws -> OrderRecord? {
        do {
            return try await store.updateOrder(iccid: candidate.iccid, now: date) { order -> OrderRecord? in
                guard order.matchingId == candidate.matchingId, order.state.isPending, Self.isExpired(order, at: date) else {
                    return nil
                }
                let previous = order
                order.state = .error
                order.reason = "order expired"
                return previous
            }
        } catch StoreError.notFound {
            return nil
        }
    }
}
