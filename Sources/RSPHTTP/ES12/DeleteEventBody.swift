import RSPCore

/// ES12.DeleteEvent request body (SGP.22 §6.5.2, function §5.9.2): `{"eventId": "…"}`.
public struct DeleteEventRequestBody: Codable, Hashable, Sendable {
    public var eventId: String?

    public init(eventId: String?) {
        self.eventId = eventId
    }

    public init(_ request: DeleteEventRequest) {
        self.init(eventId: request.eventId)
    }

    public func message() throws(StatusCode) -> DeleteEventRequest {
        let eventId = try JSONField.required(eventId, "eventId")
        guard !eventId.isEmpty else { throw StatusCode.malformedRequest.with(message: "eventId must not be empty") }
        return DeleteEventRequest(eventId: eventId)
    }
}
