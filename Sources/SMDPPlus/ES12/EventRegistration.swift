import RSPCore
import RSPStore

/// The SM-DP+ side of ES12 (SGP.22 §3.6.1, §5.9): an order for a known EID can be announced on an
/// SM-DS, so a device without an activation code discovers it; the event (eventId = matchingId)
/// is withdrawn once the profile is bound.
extension SMDPPlus {
    /// Who this SM-DP+ is towards the SM-DS: its OID (the SM-DS also sees it in the TLS client certificate).
    var es12Requester: ES12Requester { ES12Requester(identity: StrictCoding.dottedString(configuration.smdpOID)) }

    /// Registers the order's event on the configured SM-DS. The order must name its EID.
    public func registerEvent(for order: OrderRecord) async throws {
        guard let eventRegistry else {
            throw StatusCode.executionError.with(message: "No SM-DS is configured for event registration")
        }
        guard let eid = order.eid else {
            throw StatusCode.mandatoryElementMissing.with(message: "An SM-DS event needs the order's EID")
        }
        try await eventRegistry.registerEvent(
            RegisterEventRequest(eid: eid, rspServerAddress: configuration.address, eventId: order.matchingId),
            requester: es12Requester)
        logger.info("registerEvent", metadata: ["matchingId": "\(order.matchingId)", "eid": "\(eid)"])
    }

    /// Withdraws the event of a bound order. Best effort: the download never fails because the SM-DS
    /// is unreachable, and an order that had no event is not an error.
    func withdrawEvent(matchingId: String) async {
        guard let eventRegistry else { return }
        do {
            try await eventRegistry.deleteEvent(DeleteEventRequest(eventId: matchingId), requester: es12Requester)
            logger.info("deleteEvent", metadata: ["matchingId": "\(matchingId)"])
        } catch let status as StatusCode where status.subjectCode == .eventRecord {
            return
        } catch {
            logger.notice("deleteEvent failed", metadata: ["matchingId": "\(matchingId)", "error": "\(error)"])
        }
    }
}
