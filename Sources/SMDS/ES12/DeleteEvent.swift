import Foundation
import RSPCore
import RSPStore

/// ES12.DeleteEvent (SGP.22 v2.2.2 §5.9.2; §3.6.3 event deletion).
extension SMDS {
    public func deleteEvent(_ request: DeleteEventRequest, requester: ES12Requester) async throws {
        try await run("deleteEvent", ["eventId": "\(request.eventId)", "requester": "\(requester)"]) {
            try await deleteEventRecord(request.eventId, requester: requester)
        }
    }

    /// Deletes the Event Record if this requester registered it. An unknown eventId is
    /// `unknownEventRecord` (8.9.5/3.9). An event registered by another SM-DP+ is refused with the
    /// same code: §5.9.2 defines no other, and answering "exists, but not yours" would tell one
    /// SM-DP+ which eventIds another one uses; for this requester there is no such event record.
    func deleteEventRecord(_ eventId: String, requester: ES12Requester) async throws {
        do {
            try await store.deleteEvent(eventId: eventId, registeredBy: requester.identity)
        } catch StoreError.notFound {
            throw StatusCode.unknownEventRecord
        } catch StoreError.conflict {
            throw StatusCode.unknownEventRecord
        }
    }
}
