import RSPCore

/// ES9+.GetBoundProfilePackage request body (SGP.22 §6.5.2, function §5.6.2).
///
/// ```json
/// {"transactionId": "<hex>", "prepareDownloadResponse": "<b64 DER 'BF21'>"}
/// ```
public struct GetBoundProfilePackageRequestBody: Codable, Hashable, Sendable {
    public var transactionId: String?
    public var prepareDownloadResponse: String?

    public init(transactionId: String?, prepareDownloadResponse: String?) {
        self.transactionId = transactionId
        self.prepareDownloadResponse = prepareDownloadResponse
    }

    public init(_ request: GetBoundProfilePackageRequest) throws {
        self.init(
            transactionId: JSONField.hex(request.transactionId),
            prepareDownloadResponse: try JSONField.base64DER(request.prepareDownloadResponse))
    }

    public func message() throws(StatusCode) -> GetBoundProfilePackageRequest {
        GetBoundProfilePackageRequest(
            transactionId: try JSONField.transactionId(hex: transactionId),
            prepareDownloadResponse: try JSONField.der(
                PrepareDownloadResponse.self, base64: prepareDownloadResponse, "prepareDownloadResponse"))
    }
}

/// ES9+.GetBoundProfilePackage response body (SGP.22 §6.5.2, function §5.6.2):
/// `boundProfilePackage` is the DER of the BoundProfilePackage ('BF36').
public struct GetBoundProfilePackageResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader
    public var transactionId: String?
    public var boundProfilePackage: String?

    public init(header: ResponseHeader, transactionId: String? = nil, boundProfilePackage: String? = nil) {
        self.header = header
        self.transactionId = transactionId
        self.boundProfilePackage = boundProfilePackage
    }

    public init(_ ok: GetBoundProfilePackageOk, header: ResponseHeader = .executedSuccess) throws {
        self.init(
            header: header,
            transactionId: JSONField.hex(ok.transactionId),
            boundProfilePackage: try JSONField.base64DER(ok.boundProfilePackage))
    }

    public func message() throws(StatusCode) -> GetBoundProfilePackageOk {
        GetBoundProfilePackageOk(
            transactionId: try JSONField.transactionId(hex: transactionId),
            boundProfilePackage: try JSONField.der(BoundProfilePackage.self, base64: boundProfilePackage, "boundProfilePackage"))
    }
}
