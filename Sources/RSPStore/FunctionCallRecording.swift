import Foundation

/// What an ES2+ function's order write also does, in the same transaction, to the record of the
/// call that made it (`FunctionCallRecord`, SGP.22 §6.5.1.3 functionCallIdentifier).
///
/// Writing the effect and its record together is what makes a call act at most once: a crash
/// can no longer fall between the two (a retry would then act again), and of two concurrent
/// first calls with one identifier only one transaction commits — the other is rolled back
/// whole and answers `FunctionCallAlreadyRecorded`, so its effect never happens.
public enum FunctionCallRecording: Sendable {
    /// Records the call with the outcome `outcome` computes from the order as written. If the
    /// call is recorded already, nothing is written and `FunctionCallAlreadyRecorded` is thrown.
    case record(
        FunctionCallKey, requestHash: [UInt8], createdAt: Date, outcome: @Sendable (OrderRecord) throws -> [UInt8])
    /// Removes the call's record: the write undoes the call's effect, so a retry must act again.
    case forget(FunctionCallKey)

    /// The record to insert for `order`, for `.record`.
    func record(for order: OrderRecord) throws -> FunctionCallRecord? {
        guard case .record(let key, let requestHash, let createdAt, let outcome) = self else { return nil }
        return FunctionCallRecord(key: key, requestHash: requestHash, outcome: try outcome(order), createdAt: createdAt)
    }

    var key: FunctionCallKey {
        switch self {
        case .record(let key, _, _, _), .forget(let key): key
        }
    }
}

/// One ES2+ call: identifiers are scoped per operator and function.
public struct FunctionCallKey: Hashable, Sendable {
    public var requester: String
    public var function: String
    public var callId: String

    public init(requester: String, function: String, callId: String) {
        self.requester = requester
        self.function = function
        self.callId = callId
    }
}

extension FunctionCallRecord {
    public init(key: FunctionCallKey, requestHash: [UInt8], outcome: [UInt8], createdAt: Date) {
        self.init(
            requester: key.requester, function: key.function, callId: key.callId, requestHash: requestHash,
            outcome: outcome, createdAt: createdAt)
    }

    public var key: FunctionCallKey { FunctionCallKey(requester: requester, function: function, callId: callId) }
}

/// The write was refused, and rolled back whole, because its call is already recorded: another
/// call with the same identifier acted first.
public struct FunctionCallAlreadyRecorded: Error, Hashable, Sendable {
    public var key: FunctionCallKey

    public init(key: FunctionCallKey) { self.key = key }
}
