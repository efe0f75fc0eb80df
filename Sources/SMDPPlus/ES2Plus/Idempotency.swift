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
/// Two first calls with one identifier can act at once (two nodes behind a load balancer get a
/// retried request): both act, the store keeps the first outcome, and the loser answers with it.
/// `undo` then reverses what the loser did (DownloadOrder frees the profile it reserved), so the
/// operator sees one effect per identifier.
extension SMDPPlus {
    func es2Plus<Request: Encodable & Sendable, Result: ES2PlusRecordable>(
        _ function: String, _ request: Request, caller: ES2PlusCaller,
        undo: (Result) async -> Void = { _ in },
        _ body: (OperatorRecord) async throws -> Result
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
                function, request, requester: requester.name, callId: caller.functionCallIdentifier, undo: undo
            ) { try await body(requester) }
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

    /// Replays the recorded outcome of (requester, function, callId), or acts and records it.
    func idempotent<Request: Encodable, Result: ES2PlusRecordable>(
        _ function: String, _ request: Request, requester: String, callId: String,
        undo: (Result) async -> Void = { _ in }, _ act: () async throws -> Result
    ) async throws -> Result {
        let requestHash = try Self.requestHash(request)
        if let recorded = try await store.functionCall(requester: requester, function: function, callId: callId) {
            return try Self.replay(recorded, requestHash: requestHash, as: Result.self)
        }
        let outcome: RecordedOutcome<Result.Recorded>
        let result: Result
        do {
            result = try await act()
            outcome = RecordedOutcome(success: result.recorded)
        } catch let code as StatusCode where Self.isRecorded(code) {
            let first = await record(RecordedOutcome<Result.Recorded>(failure: code), function, requester, callId, requestHash)
            if let first { return try Self.replay(first, requestHash: requestHash, as: Result.self) }
            throw code
        }
        if let first = await record(outcome, function, requester, callId, requestHash), first.outcome != (try? Self.encode(outcome)) {
            // A concurrent call with the same identifier recorded its outcome first: answer as it did.
            logger.warning("\(function) raced with a call of the same functionCallIdentifier", metadata: [
                "requester": "\(requester)", "functionCallIdentifier": "\(callId)",
            ])
            await undo(result)
            return try Self.replay(first, requestHash: requestHash, as: Result.self)
        }
        return result
    }

    /// Records an outcome; returns the record the store kept (the first one), or nil when it could
    /// not be recorded — the call has acted, so its answer stands; the failure is logged.
    func record<Success: Codable>(
        _ outcome: RecordedOutcome<Success>, _ function: String, _ requester: String, _ callId: String, _ requestHash: [UInt8]
    ) async -> FunctionCallRecord? {
        do {
            return try await store.recordFunctionCall(FunctionCallRecord(
                requester: requester, function: function, callId: callId, requestHash: requestHash,
                outcome: try Self.encode(outcome), createdAt: now))
        } catch {
            logger.error("\(function): the outcome could not be recorded", metadata: [
                "requester": "\(requester)", "functionCallIdentifier": "\(callId)", "cause": "\(error)",
            ])
            return nil
        }
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
