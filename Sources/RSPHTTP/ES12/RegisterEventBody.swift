import RSPCore

/// ES12.RegisterEvent request body (SGP.22 §6.5.2, function §5.9.1).
///
/// ```json
/// {"eid": "<32 digits>", "rspServerAddress": "…", "eventId": "…", "forwardingIndicator": false}
/// ```
/// Fields are optional so that an absent one is reported as 1.1/2.2 by `message()`.
public struct RegisterEventRequestBody: Codable, Hashable, Sendable {
    public var eid: String?
    public var rspServerAddress: String?
    public var eventId: String?
    public var forwardingIndicator: Bool?

    public init(eid: String?, rspServerAddress: String?, eventId: String?, forwardingIndicator: Bool?) {
        self.eid = eid
        self.rspServerAddress = rspServerAddress
        self.eventId = eventId
        self.forwardingIndicator = forwardingIndicator
    }

    public init(_ request: RegisterEventRequest) {
        self.init(
            eid: request.eid.description, rspServerAddress: request.rspServerAddress, eventId: request.eventId,
            forwardingIndicator: request.forwardingIndicator)
    }

    /// An EID whose check digits are wrong is invalid (1.1/2.1), as is an empty event id or address.
    public func message() throws(StatusCode) -> RegisterEventRequest {
        let eidText = try JSONField.required(eid, "eid")
        guard let eid = try? EID(digits: eidText) else {
            throw StatusCode.malformedRequest.with(message: "eid is not a valid EID")
        }
        let address = try JSONField.required(rspServerAddress, "rspServerAddress")
        let eventId = try JSONField.required(eventId, "eventId")
        guard !address.isEmpty, !eventId.isEmpty else {
            throw StatusCode.malformedRequest.with(message: "rspServerAddress and eventId must not be empty")
        }
        guard let forwardingIndicator else {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: forwardingIndicator")
        }
        return RegisterEventRequest(eid: eid, rspServerAddress: address, eventId: eventId, forwardingIndicator: forwardingIndicator)
    }
}
