import RSPCore

/// ES9+.CancelSession request body (SGP.22 §6.5.2, function §5.6.5).
///
/// ```json
/// {"transactionId": "<hex>", "cancelSessionResponse": "<b64 DER 'BF41'>"}
/// ```
/// The successful response carries only the header (`HeaderOnlyResponseBody`).
public struct CancelSessionRequestBody: Codable, Hashable, Sendable {
    public var transactionId: String?
    public var cancelSessionResponse: String?

    public init(transactionId: String?, cancelSessionResponse: String?) {
        self.transactionId = transactionId
        self.cancelSessionResponse = cancelSessionResponse
    }

    public init(_ request: CancelSessionRequestEs9) throws {
        self.init(
            transactionId: JSONField.hex(request.transactionId),
            cancelSessionResponse: try JSONField.base64DER(request.cancelSessionResponse))
    }

    public func message() throws(StatusCode) -> CancelSessionRequestEs9 {
        CancelSessionRequestEs9(
            transactionId: try JSONField.transactionId(hex: transactionId),
            cancelSessionResponse: try JSONField.der(
                CancelSessionResponse.self, base64: cancelSessionResponse, "cancelSessionResponse"))
    }
}
