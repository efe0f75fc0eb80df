import Foundation
import RSPCore
import RSPStore

/// ES12.RegisterEvent (SGP.22 v2.2.2 §5.9.1; §3.6.1 event registration).
extension SMDS {
    public func registerEvent(_ request: RegisterEventRequest, requester: ES12Requester) async throws {
        try await run("registerEvent", ["eventId": "\(request.eventId)", "requester": "\(requester)"]) {
            try checkEventRequest(request)
            let date = now
            let event = EventRecord(
                eventId: request.eventId, eid: request.eid, rspServerAddress: request.rspServerAddress,
                registeredBy: requester.identity, createdAt: date,
                expiresAt: date.addingTimeInterval(configuration.eventLifetime))
            try await storeEventRecord(event)
        }
    }

    /// The eventId and the RSP server address are mandatory (§5.9.1 input data); an empty one
    /// could never be retrieved usefully.
    func checkEventRequest(_ request: RegisterEventRequest) throws(StatusCode) {
        guard !request.eventId.isEmpty else {
            throw StatusCode.mandatoryElementMissing.with(message: "eventId is empty")
        }
        guard !request.rspServerAddress.isEmpty else {
            throw StatusCode.mandatoryElementMissing.with(message: "rspServerAddress is empty")
        }
    }

    /// Stores the Event Record (§5.9.1). An eventId names one event: registering it again with the
    /// same data by the same requester is a retry and succeeds without change (the first
    /// registration's expiry stands); any other registration of a taken eventId is refused as
    /// `eventIdAlreadyInUse` (8.9.5/3.3).
    func storeEventRecord(_ event: EventRecord) async throws {
        do {
            try await store.insertEvent(event)
        } catch StoreError.duplicate {
            guard let existing = try await store.event(eventId: event.eventId) else {
                // Deleted between the two calls: the caller may retry.
                throw StatusCode.executionError.with(message: "The event changed concurrently")
            }
            guard existing.registersSameEvent(as: event) else { throw StatusCode.eventIdAlreadyInUse }
        }
    }
}
