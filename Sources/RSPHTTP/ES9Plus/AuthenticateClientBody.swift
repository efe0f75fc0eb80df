import RSPCore

/// ES9+.AuthenticateClient request body (SGP.22 §6.5.2, function §5.6.3).
///
/// ```json
/// {"transactionId": "<hex>", "authenticateServerResponse": "<b64 DER 'BF38'>"}
/// ```
public struct AuthenticateClientRequestBody: Codable, Hashable, Sendable {
    public var transactionId: String?
    public var authenticateServerResponse: String?

    public init(transactionId: String?, authenticateServerResponse: String?) {
        self.transactionId = transactionId
        self.authenticateServerResponse = authenticateServerResponse
    }

    public init(_ request: AuthenticateClientRequest) throws {
        self.init(
            transactionId: JSONField.hex(request.transactionId),
            authenticateServerResponse: try JSONField.base64DER(request.authenticateServerResponse))
    }

    public func message() throws(StatusCode) -> AuthenticateClientRequest {
        AuthenticateClientRequest(
            transactionId: try JSONField.transactionId(hex: transactionId),
            authenticateServerResponse: try JSONField.der(
                AuthenticateServerResponse.self, base64: authenticateServerResponse, "authenticateServerResponse"))
    }
}

/// ES9+.AuthenticateClient response body (SGP.22 §6.5.2, function §5.6.3).
///
/// The JSON binding flattens the ASN.1 `prepareDownloadRequest`: `smdpSigned2`,
/// `smdpSignature2` (the whole '5F37' data object) and `smdpCertificate` travel as separate
/// fields next to `profileMetadata` (the StoreMetadataRequest DER, 'BF25'). `hashCc` is not
/// part of the response: the LPA computes it from the Confirmation Code the user enters
/// (§3.1.3.3) before it calls ES10b.PrepareDownload, so it is neither sent nor read here.
public struct AuthenticateClientResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader
    public var transactionId: String?
    public var profileMetadata: String?
    public var smdpSigned2: String?
    public var smdpSignature2: String?
    public var smdpCertificate: String?

    public init(
        header: ResponseHeader, transactionId: String? = nil, profileMetadata: String? = nil, smdpSigned2: String? = nil,
        smdpSignature2: String? = nil, smdpCertificate: String? = nil
    ) {
        self.header = header
        self.transactionId = transactionId
        self.profileMetadata = profileMetadata
        self.smdpSigned2 = smdpSigned2
        self.smdpSignature2 = smdpSignature2
        self.smdpCertificate = smdpCertificate
    }

    public init(_ ok: AuthenticateClientOk, header: ResponseHeader = .executedSuccess) throws {
        let prepare = ok.prepareDownloadRequest
        self.init(
            header: header,
            transactionId: JSONField.hex(ok.transactionId),
            profileMetadata: try JSONField.base64DER(ok.profileMetaData),
            smdpSigned2: JSONField.base64(prepare.smdpSigned2.derBytes),
            smdpSignature2: try JSONField.base64DER(prepare.smdpSignature2, tag: .signatureDataObject),
            smdpCertificate: JSONField.base64(prepare.smdpCertificate.derBytes))
    }

    public func message() throws(StatusCode) -> AuthenticateClientOk {
        let prepare = PrepareDownloadRequest(
            smdpSigned2: try JSONField.der(Encoded<SmdpSigned2>.self, base64: smdpSigned2, "smdpSigned2"),
            smdpSignature2: try JSONField.der(OctetString.self, tag: .signatureDataObject, base64: smdpSignature2, "smdpSignature2"),
            hashCc: nil,
            smdpCertificate: try JSONField.der(CertificateDER.self, base64: smdpCertificate, "smdpCertificate"))
        return AuthenticateClientOk(
            transactionId: try JSONField.transactionId(hex: transactionId),
            profileMetaData: try JSONField.der(StoreMetadataRequest.self, base64: profileMetadata, "profileMetadata"),
            prepareDownloadRequest: prepare)
    }
}
