import Foundation
import RSPCore

/// What a session update may do to its order, checked the same way by every store after the
/// caller's change ran: the session keeps its TransactionID, the order keeps its matchingId and
/// ICCID and is neither created nor removed. The store then writes `orderToWrite` (nil: the order
/// is unchanged) and, when the update `revivesOrder`, first checks — under its own locks — that
/// the profile has no other active order (the partial unique index enforces it too; the check
/// makes the refusal read as in `insertOrder`).
struct SessionUpdateRules {
    var orderToWrite: OrderRecord?
    var revivesOrder: Bool

    init(
        transactionId: TransactionID, session: SessionRecord, original: OrderRecord?, edited: OrderRecord?, now: Date
    ) throws {
        guard session.transactionId == transactionId else {
            throw StoreError.conflict("a session's TransactionID cannot change")
        }
        guard let original else {
            guard edited == nil else { throw StoreError.conflict("an order cannot be created inside a session update") }
            orderToWrite = nil
            revivesOrder = false
            return
        }
        guard let edited, edited.matchingId == original.matchingId else {
            throw StoreError.conflict("an order cannot be removed or replaced inside a session update")
        }
        orderToWrite = try OrderUpdateRules(original: original, edited: edited, now: now).orderToWrite
        revivesOrder = original.state == .cancelled && edited.state != .cancelled
    }

    /// The refusal when a revived order's profile already has another active order.
    static func profileTaken(_ iccid: ICCID) -> StoreError { StoreError.conflict("profile \(iccid) already has an order") }
}

/// What `updateOrder` may do to the active order, checked the same way by every store after the
/// caller's change ran: the ICCID is kept. The store writes `orderToWrite` (nil: unchanged) and,
/// when the change `renamesOrder`, first checks under its own locks that the new matchingId is free.
struct OrderUpdateRules {
    var orderToWrite: OrderRecord?
    var renamesOrder: Bool

    init(original: OrderRecord, edited: OrderRecord, now: Date) throws {
        guard edited.iccid == original.iccid else { throw StoreError.conflict("an order's ICCID cannot change") }
        renamesOrder = edited.matchingId != original.matchingId
        guard edited != original else {
            orderToWrite = nil
            return
        }
        var changed = edited
        changed.updatedAt = now
        orderToWrite = changed
    }

    /// The refusal when a renamed order's new matchingId is already another order's.
    static func matchingIdTaken(_ matchingId: String) -> StoreError { StoreError.duplicate("matchingId \(matchingId)") }
}
