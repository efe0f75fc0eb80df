import Foundation
import RSPCore
import RSPStore

/// ES2+.ReleaseProfile (SGP.22 v2.2.2 §5.3.4; §3.1.1 profile ordering, step 3 when ConfirmOrder
/// did not release it).
///
/// A `confirmed` order becomes `released`: the device may download it from now on, and its event
/// is registered on the SM-DS ConfirmOrder named (if that fails the order stays `confirmed`).
extension SMDPPlus {
    public func releaseProfile(_ request: ReleaseProfileRequest, caller: ES2PlusCaller) async throws {
        _ = try await es2Plus("releaseProfile", request, caller: caller) { requester, call in
            _ = try await ownedProfile(request.iccid, by: requester)
            let order = try await ownedOrder(request.iccid, by: requester)
            try Self.checkReleasable(order)
            let (previous, released) = try await saveReleasedOrder(
                request.iccid, requester: requester, recording: call.recording { _ in ES2PlusNoResult() })
            try await announceOrRevert(released, to: previous, undoing: call)
            return ES2PlusNoResult()
        }
    }

    /// Only a `confirmed` order can be released (8.2.1/3.8 otherwise).
    static func checkReleasable(_ order: OrderRecord) throws(StatusCode) {
        try checkState(order, in: [.confirmed], for: "ReleaseProfile")
    }

    /// One transaction: the order, still `confirmed` and still this operator's, becomes `released`.
    func saveReleasedOrder(
        _ iccid: ICCID, requester: OperatorRecord, recording: FunctionCallRecording
    ) async throws -> (previous: OrderRecord, released: OrderRecord) {
        do {
            return try await store.updateOrder(iccid: iccid, now: now, recording: recording) { order in
                let previous = order
                try Self.checkPlacedBy(order, requester)
                try Self.checkReleasable(order)
                order.state = .released
                return (previous, order)
            }
        } catch StoreError.notFound {
            throw StatusCode.profileStateRefused.with(message: "The Profile has no download order")
        }
    }
}
