import RSPCore

/// ES2+.HandleDownloadProgressInfo request body (SGP.22 §6.5.2.5, function §5.3.5), sent by the
/// SM-DP+ to the operator: the request `header` beside the fields of
/// `HandleDownloadProgressInfoRequest`, all at the top level of one JSON object:
///
/// ```json
/// {"header": {…}, "eid": "…", "iccid": "…", "profileType": "…", "timestamp": "2026-11-21T12:00:00Z",
///  "notificationPointId": 3, "notificationPointStatus": {"status": "Executed-Success"}, "resultData": "…"}
/// ```
/// The fields' own encoding (timestamp, status object, base64) is `HandleDownloadProgressInfoRequest`'s.
public struct HandleDownloadProgressInfoRequestBody: ES2PlusRequestBody, Hashable {
    public var header: ES2PlusRequestHeader?
    public var progress: HandleDownloadProgressInfoRequest

    public init(header: ES2PlusRequestHeader?, progress: HandleDownloadProgressInfoRequest) {
        self.header = header
        self.progress = progress
    }

    private enum CodingKeys: String, CodingKey {
        case header
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        header = try container.decodeIfPresent(ES2PlusRequestHeader.self, forKey: .header)
        progress = try HandleDownloadProgressInfoRequest(from: decoder)
    }

    /// Writes the header and the progress fields into the same object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(header, forKey: .header)
        try progress.encode(to: encoder)
    }
}
