import Crypto
import Foundation
import Logging
import RSPCore
import RSPStore

/// How every ES2+ function runs (SGP.22 §5.3, §6.5.1.3 header): authenticate the operator, then
/// act at most once per functionCallIdentifier.
///
/// A call is identified by (operator, function, functionCallIdentifier): scoped per function on
/// purpose, since real clients (the recorded pySim one) reuse one identifier across functions.
/// The first outcome is recorded with SHA-256 of the request (its JSON with sorted keys):
/// - the same call again with the same request gets the recorded outcome (the same success
///   value, or the same status code) and nothing is done again;
/// - the same identifier with another request is refused `functionCallIdentifierReused` (1.1/3.3).
///
/// Transient failures are not recorded, so that a retry acts: `executionError` (1.2/4.2, e.g. the
/// database was unavailable) and `smdsInaccessible` (8.9/5.1, the order was put back as it was).
///
/// A success is recorded by the act's own order write, in its transaction (`ES2PlusCall.recording`):
/// no crash can fall between the effect and its record, and of two first calls with one
/// identifier acting at once (two nodes behind a load balancer get a retried request) only one
/// write commits. The other is rolled back whole — its effect never happens — and it answers
/// with the outcome the first recorded.
extension SMDPPlus {
    func es2Plus<Request: Encodable & Sendable, Result: ES2PlusRecordable>(
        _ function: String, _ request: Request, caller: ES2PlusCaller,
        _ body: (OperatorRecord, ES2PlusCall) async throws -> Result
    ) async throws -> Result {
        let metadata: Logger.Metadata = [
            "requester": "\(caller.functionRequesterIdentifier)", "functionCallIdentifier": "\(caller.functionCallIdentifier)",
        ]
        do {
            let requester = try await authenticatedOperator(caller)
            guard !caller.functionCallIdentifier.isEmpty else {
                throw StatusCode.mandatoryElementMissing.with(message: "functionCallIdentifier is missing")
            }
            let result = try await idempotent(
                function, request, requester: requester.name, callId: caller.functionCallIdentifier
            ) { call in try await body(requester, call) }
            logger.info("\(function)", metadata: metadata.merging(["outcome": "ok"]) { $1 })
            return result
        } catch let code as StatusCode {
            logger.notice("\(function)", metadata: metadata.merging(["outcome": "\(code)"]) { $1 })
            throw code
        } catch {
            logger.error("\(function)", metadata: metadata.merging([
                "outcome": "\(StatusCode.executionError)", "cause": "\(error)",
            ]) { $1 })
            throw StatusCode.executionError
        }
    }

    /// Replays the recorded outcome of (requester, function, callId), or acts: a success is
    /// recorded by the act's write itself, a refusal worth replaying afterwards (it changed nothing).
    func idempotent<Request: Encodable, Result: ES2PlusRecordable>(
        _ function: String, _ request: Request, requester: String, callId: String,
        _ act: (ES2PlusCall) async throws -> Result
    ) async throws -> Result {
        let requestHash = try Self.requestHash(request)
        let call = ES2PlusCall(
            key: FunctionCallKey(requester: requester, function: function, callId: callId), requestHash: requestHash,
            createdAt: now)
        if let recorded = try await recorded(call) {
            return try Self.replay(recorded, requestHash: requestHash, as: Result.self)
        }
        do {
            return try await act(call)
        } catch is FunctionCallAlreadyRecorded {
            // A concurrent call with the same identifier recorded first: this one's write was
            // rolled back, and it answers as the first did.
            logger.warning("\(function) raced with a call of the same functionCallIdentifier", metadata: [
                "requester": "\(requester)", "functionCallIdentifier": "\(callId)",
            ])
            guard let first = try await recorded(call) else {
                throw StatusCode.executionError.with(message: "The recorded outcome of this call is gone")
            }
            return try Self.replay(first, requestHash: requestHash, as: Result.self)
        } catch let code as StatusCode where Self.isRecorded(code) {
            let first = await record(RecordedOutcome<Result.Recorded>(failure: code), of: call)
            if let first { return try Self.replay(first, requestHash: requestHash, as: Result.self) }
            throw code
        }
    }

    /// Records a refusal; returns the record the store kept (the first one), or nil when it could
    /// not be recorded — the refusal stands, a retry decides again; the failure is logged.
    func record<Success: Codable>(_ outcome: RecordedOutcome<Success>, of call: ES2PlusCall) async -> FunctionCallRecord? {
        do {
            return try await store.recordFunctionCall(FunctionCallRecord(
                key: call.key, requestHash: call.requestHash, outcome: try Self.encode(outcome), createdAt: call.createdAt))
        } catch {
            logger.error("\(call.key.function): the outcome could not be recorded", metadata: [
                "requester": "\(call.key.requester)", "functionCallIdentifier": "\(call.key.callId)", "cause": "\(error)",
            ])
            return nil
        }
    }

    /// The call's record, if one is stored.
    func recorded(_ call: ES2PlusCall) async throws -> FunctionCallRecord? {
        try await store.functionCall(requester: call.key.requester, function: call.key.function, callId: call.key.callId)
    }

    /// The recorded outcome, if the request is the same one.
    static func replay<Result: ES2PlusRecordable>(
        _ recorded: FunctionCallRecord, requestHash: [UInt8], as: Result.Type
    ) throws -> Result {
        guard ConfirmationCode.constantTimeEquals(recorded.requestHash, requestHash) else {
            throw StatusCode.functionCallIdentifierReused
        }
        let outcome: RecordedOutcome<Result.Recorded>
        do {
            outcome = try JSONDecoder().decode(RecordedOutcome<Result.Recorded>.self, from: Data(recorded.outcome))
        } catch {
            throw StatusCode.executionError.with(message: "The recorded outcome of this call cannot be read")
        }
        if let failure = outcome.failure { throw failure }
        guard let success = outcome.success else {
            throw StatusCode.executionError.with(message: "The recorded outcome of this call is empty")
        }
        return try Result(recorded: success)
    }

    /// Failures worth replaying: everything but the transient ones a retry should act on.
    static func isRecorded(_ code: StatusCode) -> Bool {
        let transient = [StatusCode.executionError, .smdsInaccessible]
        return !transient.contains { $0.subjectCode == code.subjectCode && $0.reasonCode == code.reasonCode }
    }

    /// SHA-256 of the request as JSON with sorted keys (a stable form of the typed request).
    static func requestHash(_ request: some Encodable) throws -> [UInt8] {
        Array(SHA256.hash(data: try encode(request)))
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

/// One ES2+ call while it acts: what the order write that is its effect records with it.
struct ES2PlusCall: Sendable {
    let key: FunctionCallKey
    let requestHash: [UInt8]
    let createdAt: Date

    /// Records the success `answer` gives for the order as written (the act returns the same answer).
    func recording<Result: ES2PlusRecordable>(
        _ answer: @escaping @Sendable (OrderRecord) throws -> Result
    ) -> FunctionCallRecording {
        .record(key, requestHash: requestHash, createdAt: createdAt) { order in
            try SMDPPlus.encode(RecordedOutcome(success: try answer(order).recorded))
        }
    }

    /// For a write that undoes the call's effect: the record goes with it, so a retry acts again.
    var forgetting: FunctionCallRecording { .forget(key) }
}

/// The first outcome of an ES2+ call as recorded: the success value or the status code.
struct RecordedOutcome<Success: Codable>: Codable {
    var success: Success?
    var failure: StatusCode?

    init(success: Success) { self.success = success }
    init(failure: StatusCode) { self.failure = failure }
}

/// An ES2+ result that can be recorded and given again to a retried call.
protocol ES2PlusRecordable: Sendable {
    associatedtype Recorded: Codable
    var recorded: Recorded { get }
    init(recorded: Recorded) throws
}

/// The result of the functions that answer nothing but success (CancelOrder, ReleaseProfile).
struct ES2PlusNoResult: ES2PlusRecordable {
    var recorded: Bool { true }
    init() {}
    init(recorded: Bool) {}
}

extension DownloadOrderResponse: ES2PlusRecordable {
    /// The ICCID as SGP.22 prints it (20 characters, 'F' padded).
    var recorded: String { iccid.paddedDigits }

    init(recorded: String) throws {
        self.init(iccid: try ICCID(digits: recorded, checkLuhn: false))
    }
}

extension ConfirmOrderResponse: ES2PlusRecordable {
    struct Recorded: Codable {
        var eid: EID?
        var matchingId: String
        var smdpAddress: String?
    }

    var recorded: Recorded { Recorded(eid: eid, matchingId: matchingId, smdpAddress: smdpAddress) }

    init(recorded: Recorded) {
        self.init(eid: recorded.eid, matchingId: recorded.matchingId, smdpAddress: recorded.smdpAddress)
    }
}
