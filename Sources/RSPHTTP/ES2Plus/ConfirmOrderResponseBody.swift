import RSPCore

/// ES2+.ConfirmOrder response body (SGP.22 §6.5.2.2):
/// `{"header": {…}, "eid": "…", "matchingId": "…", "smdpAddress": "…"}`, `eid` and
/// `smdpAddress` only when known.
public struct ConfirmOrderResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader
    public var eid: String?
    public var matchingId: String?
    public var smdpAddress: String?

    public init(header: ResponseHeader, eid: String? = nil, matchingId: String?, smdpAddress: String? = nil) {
        self.header = header
        self.eid = eid
        self.matchingId = matchingId
        self.smdpAddress = smdpAddress
    }

    /// The success response.
    public init(_ response: ConfirmOrderResponse) {
        self.init(header: .executedSuccess, eid: response.eid?.digits, matchingId: response.matchingId, smdpAddress: response.smdpAddress)
    }

    public func message() throws(StatusCode) -> ConfirmOrderResponse {
        ConfirmOrderResponse(
            eid: try JSONField.optionalEID(eid), matchingId: try JSONField.required(matchingId, "matchingId"), smdpAddress: smdpAddress)
    }
}
