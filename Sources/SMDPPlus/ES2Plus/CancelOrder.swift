import Foundation
import RSPCore
import RSPStore

/// ES2+.CancelOrder (SGP.22 v2.2.2 §5.3.3).
///
/// Ends an order that was not downloaded yet (`allocated`, `linked`, `confirmed` or `released`).
/// finalProfileStatusIndicator decides the profile's fate: `Available` → the order becomes
/// `cancelled` (history) and the profile can be ordered again; `Unavailable` → the order becomes
/// `unavailable` and the profile is withdrawn for good. A registered SM-DS event is withdrawn.
extension SMDPPlus {
    public func cancelOrder(_ request: CancelOrderRequest, caller: ES2PlusCaller) async throws {
        _ = try await es2Plus("cancelOrder", request, caller: caller) { requester, call in
            _ = try await ownedProfile(request.iccid, by: requester)
            let order = try await ownedOrder(request.iccid, by: requester)
            try Self.checkCancellable(order, request: request)
            let previous = try await saveCancelledOrder(
                request, requester: requester, recording: call.recording { _ in ES2PlusNoResult() })
            if previous.state == .released { await withdrawEvent(of: previous) }
            return ES2PlusNoResult()
        }
    }

    /// The order must still be pending (8.2.1/3.8), and the EID and matchingId the request names,
    /// if any, must be the order's (8.1.1/3.10, 8.2.6/3.10).
    static func checkCancellable(_ order: OrderRecord, request: CancelOrderRequest) throws(StatusCode) {
        guard order.state.isPending else {
            throw StatusCode.profileStateRefused.with(message: "The Profile is \(order.state.rawValue): CancelOrder is refused")
        }
        if let eid = request.eid, eid != order.eid { throw StatusCode.eidInvalidAssociation }
        if let matchingId = request.matchingId, !matchingId.isEmpty, matchingId != order.matchingId {
            throw StatusCode.matchingIDInvalidAssociation
        }
    }

    /// One transaction: the order, still pending and still this operator's, ends as `cancelled`
    /// or `unavailable`. Returns the order as it was before.
    func saveCancelledOrder(
        _ request: CancelOrderRequest, requester: OperatorRecord, recording: FunctionCallRecording
    ) async throws -> OrderRecord {
        do {
            return try await store.updateOrder(iccid: request.iccid, now: now, recording: recording) { order in
                let previous = order
                try Self.checkPlacedBy(order, requester)
                try Self.checkCancellable(order, request: request)
                switch request.finalProfileStatusIndicator {
                case .available: order.state = .cancelled
                case .unavailable: order.state = .unavailable
                }
                order.reason = "cancelled by \(requester.name) (\(request.finalProfileStatusIndicator.rawValue))"
                return previous
            }
        } catch StoreError.notFound {
            throw StatusCode.profileStateRefused.with(message: "The Profile has no download order")
        }
    }
}
