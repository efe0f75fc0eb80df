import RSPCore

/// ES2+.DownloadOrder response body (SGP.22 §6.5.2.1):
/// `{"header": {"functionExecutionStatus": {…}}, "iccid": "8949449999999990171F"}`.
///
/// The ICCID is sent in its 20-character form with 'F' padding, as the recorded peer does.
public struct DownloadOrderResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader
    public var iccid: String?

    public init(header: ResponseHeader, iccid: String?) {
        self.header = header
        self.iccid = iccid
    }

    /// The success response.
    public init(_ response: DownloadOrderResponse) {
        self.init(header: .executedSuccess, iccid: response.iccid.paddedDigits)
    }

    public func message() throws(StatusCode) -> DownloadOrderResponse {
        DownloadOrderResponse(iccid: try JSONField.iccid(iccid))
    }
}
