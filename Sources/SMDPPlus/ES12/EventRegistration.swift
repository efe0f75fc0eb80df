import RSPCore
import RSPStore

/// The SM-DP+ side of ES12 (SGP.22 §3.6.1, §5.9): an order for a known EID can be announced on an
/// SM-DS, so a device without an activation code discovers it (eventId = matchingId).
///
/// An ES2+ order is announced on the SM-DS its ConfirmOrder named, when it becomes `released`; a
/// local order on the configured SM-DS when the CLI asks. The event is withdrawn (best effort)
/// once the profile is bound, and when the order is cancelled or expires.
extension SMDPPlus {
    /// Who this SM-DP+ is towards the SM-DS: its OID (the SM-DS also sees it in the TLS client certificate).
    var es12Requester: ES12Requester { ES12Requester(identity: StrictCoding.dottedString(configuration.smdpOID)) }

    /// The ES12 client for an SM-DS address; nil address: the configured SM-DS.
    func eventRegistry(for smdsAddress: String?) -> (any ES12Service)? {
        guard let smdsAddress else { return eventRegistry }
        if let smdsResolver { return smdsResolver(smdsAddress) }
        return eventRegistry
    }

    /// Registers the order's event on its SM-DS (the configured one when the order names none).
    /// The order must name its EID.
    public func registerEvent(for order: OrderRecord) async throws {
        guard let registry = eventRegistry(for: order.smdsAddress) else {
            throw StatusCode.executionError.with(message: "No SM-DS is configured for event registration")
        }
        guard let eid = order.eid else {
            throw StatusCode.mandatoryElementMissing.with(message: "An SM-DS event needs the order's EID")
        }
        try await registry.registerEvent(
            RegisterEventRequest(eid: eid, rspServerAddress: configuration.address, eventId: order.matchingId),
            requester: es12Requester)
        logger.info("registerEvent", metadata: [
            "matchingId": "\(order.matchingId)", "eid": "\(eid)", "smds": "\(order.smdsAddress ?? "default")",
        ])
    }

    /// ES2+ (ConfirmOrder with releaseFlag, ReleaseProfile): announces a just released order on the
    /// SM-DS the operator named, in the ES2+ codes: `smdsInaccessible` (8.9/5.1) when it cannot be
    /// reached, `smdsExecutionError` (8.9/4.2) when it answered with a failure.
    func announceReleasedOrder(_ order: OrderRecord) async throws(StatusCode) {
        guard let smdsAddress = order.smdsAddress else { return }
        guard let registry = eventRegistry(for: smdsAddress) else {
            throw StatusCode.smdsInaccessible.with(message: "The SM-DS \(smdsAddress) is not reachable from this SM-DP+")
        }
        guard let eid = order.eid else { throw StatusCode.eidMissing }
        do {
            try await registry.registerEvent(
                RegisterEventRequest(eid: eid, rspServerAddress: configuration.address, eventId: order.matchingId),
                requester: es12Requester)
        } catch let answer as StatusCode {
            logger.notice("registerEvent refused", metadata: ["smds": "\(smdsAddress)", "answer": "\(answer)"])
            throw StatusCode.smdsExecutionError.with(message: "The SM-DS answered \(answer.subjectCode.rawValue)/\(answer.reasonCode.rawValue)")
        } catch {
            logger.notice("registerEvent failed", metadata: ["smds": "\(smdsAddress)", "error": "\(error)"])
            throw StatusCode.smdsInaccessible
        }
        logger.info("registerEvent", metadata: ["matchingId": "\(order.matchingId)", "eid": "\(eid)", "smds": "\(smdsAddress)"])
    }

    /// Whether an event may be registered for the order: it names its EID (both `registerEvent` and
    /// `announceReleasedOrder` refuse an order without one, and AuthenticateClient records the
    /// downloading eUICC on the session, never on the order), and it names an SM-DS (ES2+) or is a
    /// local order (the CLI may have announced it on the configured SM-DS). Without the EID test
    /// every download of an EID-less local order paid a mutual-TLS DeleteEvent round trip that could
    /// only answer "unknown event".
    static func mayHaveEvent(_ order: OrderRecord) -> Bool {
        order.eid != nil && (order.smdsAddress != nil || order.operatorName == nil)
    }

    /// Withdraws the order's event, if it may have one. Best effort: the download, cancellation or
    /// expiry never fails because the SM-DS is unreachable, and an unknown event is not an error.
    func withdrawEvent(of order: OrderRecord) async {
        guard Self.mayHaveEvent(order), let registry = eventRegistry(for: order.smdsAddress) else { return }
        let matchingId = order.matchingId
        do {
            try await registry.deleteEvent(DeleteEventRequest(eventId: matchingId), requester: es12Requester)
            logger.info("deleteEvent", metadata: ["matchingId": "\(matchingId)", "smds": "\(order.smdsAddress ?? "default")"])
        } catch let status as StatusCode where status.subjectCode == .eventRecord {
            return
        } catch {
            logger.notice("deleteEvent failed", metadata: [
                "matchingId": "\(matchingId)", "smds": "\(order.smdsAddress ?? "default")", "error": "\(error)",
            ])
        }
    }
}
