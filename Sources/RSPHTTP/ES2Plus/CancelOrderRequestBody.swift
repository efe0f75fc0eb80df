import RSPCore

/// ES2+.CancelOrder request body (SGP.22 §6.5.2.3, function §5.3.3).
///
/// ```json
/// {"header": {…}, "iccid": "…", "eid": "…", "matchingId": "…", "finalProfileStatusIndicator": "Available"}
/// ```
/// `iccid` and `finalProfileStatusIndicator` ("Available" or "Unavailable") are mandatory.
public struct CancelOrderRequestBody: ES2PlusRequestBody, Hashable {
    public var header: ES2PlusRequestHeader?
    public var iccid: String?
    public var eid: String?
    public var matchingId: String?
    /// Kept as text so that an unknown value is reported as 1.1/2.1 rather than failing decoding.
    public var finalProfileStatusIndicator: String?

    public init(
        header: ES2PlusRequestHeader?, iccid: String?, eid: String? = nil, matchingId: String? = nil,
        finalProfileStatusIndicator: String?
    ) {
        self.header = header
        self.iccid = iccid
        self.eid = eid
        self.matchingId = matchingId
        self.finalProfileStatusIndicator = finalProfileStatusIndicator
    }

    public init(_ request: CancelOrderRequest, header: ES2PlusRequestHeader) {
        self.init(
            header: header, iccid: request.iccid.paddedDigits, eid: request.eid?.digits, matchingId: request.matchingId,
            finalProfileStatusIndicator: request.finalProfileStatusIndicator.rawValue)
    }

    public func message() throws(StatusCode) -> CancelOrderRequest {
        let iccid = try JSONField.iccid(iccid)
        let indicatorText = try JSONField.required(finalProfileStatusIndicator, "finalProfileStatusIndicator")
        guard let indicator = CancelOrderRequest.FinalProfileStatus(rawValue: indicatorText) else {
            throw StatusCode.malformedRequest.with(message: "finalProfileStatusIndicator must be Available or Unavailable")
        }
        return CancelOrderRequest(
            iccid: iccid, eid: try JSONField.optionalEID(eid), matchingId: matchingId, finalProfileStatusIndicator: indicator)
    }
}
