import RSPCore

/// ES2+.ReleaseProfile request body (SGP.22 §6.5.2.4, function §5.3.4): `{"header": {…}, "iccid": "…"}`.
public struct ReleaseProfileRequestBody: ES2PlusRequestBody, Hashable {
    public var header: ES2PlusRequestHeader?
    public var iccid: String?

    public init(header: ES2PlusRequestHeader?, iccid: String?) {
        self.header = header
        self.iccid = iccid
    }

    public init(_ request: ReleaseProfileRequest, header: ES2PlusRequestHeader) {
        self.init(header: header, iccid: request.iccid.paddedDigits)
    }

    public func message() throws(StatusCode) -> ReleaseProfileRequest {
        ReleaseProfileRequest(iccid: try JSONField.iccid(iccid))
    }
}
