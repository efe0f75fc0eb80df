/// ES12.RegisterEvent (SGP.22 §5.9.1): an SM-DP+ tells the SM-DS that an event (a download order,
/// identified by its matchingId) waits for an eUICC.
public struct RegisterEventRequest: Hashable, Sendable, Codable {
    public var eid: EID
    /// The SM-DP+ address the device is to contact for this event.
    public var rspServerAddress: String
    public var eventId: String
    /// Whether the SM-DS should forward the registration to other SM-DSs (cascade, §3.6.1).
    public var forwardingIndicator: Bool

    public init(eid: EID, rspServerAddress: String, eventId: String, forwardingIndicator: Bool = false) {
        self.eid = eid
        self.rspServerAddress = rspServerAddress
        self.eventId = eventId
        self.forwardingIndicator = forwardingIndicator
    }
}

/// ES12.DeleteEvent (SGP.22 §5.9.2): the event was consumed (profile downloaded) or withdrawn.
public struct DeleteEventRequest: Hashable, Sendable, Codable {
    public var eventId: String

    public init(eventId: String) { self.eventId = eventId }
}

/// Who calls ES12: the SM-DP+ authenticated by its TLS client certificate (mutual TLS, §2.6.8).
public struct ES12Requester: Hashable, Sendable, CustomStringConvertible {
    /// A stable name of the caller, e.g. the SM-DP+ OID of its certificate (registeredID) or its subject.
    public var identity: String

    public init(identity: String) { self.identity = identity }
    public var description: String { identity }
}

/// The ES12 interface (SGP.22 §5.9) between an SM-DP+ and an SM-DS, independent of its transport.
/// A failed function throws a `StatusCode`.
public protocol ES12Service: Sendable {
    func registerEvent(_ request: RegisterEventRequest, requester: ES12Requester) async throws
    func deleteEvent(_ request: DeleteEventRequest, requester: ES12Requester) async throws
}
