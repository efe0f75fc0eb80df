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
        guard var edited, edited.matchingId == original.matchingId else {
            throw StoreError.conflict("an order cannot be removed or replaced inside a session update")
        }
        guard edited.iccid == original.iccid else { throw StoreError.conflict("an order's ICCID cannot change") }
        revivesOrder = original.state == .cancelled && edited.state != .cancelled
        if edited != original {
            edited.updatedAt = now
            orderToWrite = edited
        } else {
            orderToWrite = nil
        }
    }

    /// The refusal when a revived order's profile already has another active order.
    static func profileTaken(_ iccid: ICCID) -> StoreError { StoreError.conflict("profile \(iccid) already has an order") }
}
