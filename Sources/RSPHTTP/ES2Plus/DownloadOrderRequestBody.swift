import RSPCore

/// ES2+.DownloadOrder request body (SGP.22 §6.5.2.1, function §5.3.1).
///
/// ```json
/// {"header": {"functionRequesterIdentifier": "…", "functionCallIdentifier": "…"},
///  "eid": "<32 digits>", "iccid": "<19-20 digits>", "profileType": "…"}
/// ```
/// Every field but the header is optional; at least one of `iccid` and `profileType` is required.
public struct DownloadOrderRequestBody: ES2PlusRequestBody, Hashable {
    public var header: ES2PlusRequestHeader?
    public var eid: String?
    public var iccid: String?
    public var profileType: String?

    public init(header: ES2PlusRequestHeader?, eid: String? = nil, iccid: String? = nil, profileType: String? = nil) {
        self.header = header
        self.eid = eid
        self.iccid = iccid
        self.profileType = profileType
    }

    public init(_ request: DownloadOrderRequest, header: ES2PlusRequestHeader) {
        self.init(header: header, eid: request.eid?.digits, iccid: request.iccid?.paddedDigits, profileType: request.profileType)
    }

    /// Neither `iccid` nor `profileType` → 1.1/2.2; an empty `profileType` → 1.1/2.1.
    public func message() throws(StatusCode) -> DownloadOrderRequest {
        guard iccid != nil || profileType != nil else {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: iccid or profileType")
        }
        if let profileType, profileType.isEmpty {
            throw StatusCode.malformedRequest.with(message: "profileType must not be empty")
        }
        return DownloadOrderRequest(
            eid: try JSONField.optionalEID(eid), iccid: try iccid.map { text throws(StatusCode) in try JSONField.iccid(text) },
            profileType: profileType)
    }
}
