import RSPCore

/// ES11.AuthenticateClient response body (SGP.22 §6.5.2, function §5.8.2).
///
/// ```json
/// {"header": {…}, "transactionId": "<hex>",
///  "eventEntries": [{"eventId": "…", "rspServerAddress": "…"}]}
/// ```
/// The request body is ES9+'s (`AuthenticateClientRequestBody`), as is the whole
/// InitiateAuthentication exchange: ES11 reuses them on the same paths (§6.5.2).
public struct AuthenticateClientEs11ResponseBody: Codable, Hashable, Sendable {
    /// One event: where the device is to go (`rspServerAddress`) with which `eventId`.
    public struct EventEntry: Codable, Hashable, Sendable {
        public var eventId: String?
        public var rspServerAddress: String?

        public init(eventId: String?, rspServerAddress: String?) {
            self.eventId = eventId
            self.rspServerAddress = rspServerAddress
        }
    }

    public var header: ResponseHeader
    public var transactionId: String?
    public var eventEntries: [EventEntry]?

    public init(header: ResponseHeader, transactionId: String? = nil, eventEntries: [EventEntry]? = nil) {
        self.header = header
        self.transactionId = transactionId
        self.eventEntries = eventEntries
    }

    public init(_ ok: AuthenticateClientOkEs11, header: ResponseHeader = .executedSuccess) {
        self.init(
            header: header,
            transactionId: JSONField.hex(ok.transactionId),
            eventEntries: ok.eventEntries.map { EventEntry(eventId: $0.eventId, rspServerAddress: $0.rspServerAddress) })
    }

    /// An absent list is "mandatory element missing"; an empty one is valid (no events).
    public func message() throws(StatusCode) -> AuthenticateClientOkEs11 {
        let transactionId = try JSONField.transactionId(hex: transactionId)
        guard let eventEntries else {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: eventEntries")
        }
        var entries: [EventEntries] = []
        for entry in eventEntries {
            entries.append(EventEntries(
                eventId: try JSONField.required(entry.eventId, "eventEntries.eventId"),
                rspServerAddress: try JSONField.required(entry.rspServerAddress, "eventEntries.rspServerAddress")))
        }
        return AuthenticateClientOkEs11(transactionId: transactionId, eventEntries: entries)
    }
}
