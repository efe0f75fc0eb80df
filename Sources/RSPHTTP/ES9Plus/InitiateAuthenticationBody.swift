import RSPCore

/// ES9+.InitiateAuthentication request body (SGP.22 §6.5.2, function §5.6.1).
///
/// ```json
/// {"euiccChallenge": "<b64 16 bytes>", "euiccInfo1": "<b64 DER 'BF20'>", "smdpAddress": "…"}
/// ```
/// Fields are optional in the Swift type so that an absent field is reported as
/// "mandatory element missing" (1.1/2.2) by `message()` instead of a generic JSON error.
public struct InitiateAuthenticationRequestBody: Codable, Hashable, Sendable {
    public var euiccChallenge: String?
    public var euiccInfo1: String?
    public var smdpAddress: String?

    public init(euiccChallenge: String?, euiccInfo1: String?, smdpAddress: String?) {
        self.euiccChallenge = euiccChallenge
        self.euiccInfo1 = euiccInfo1
        self.smdpAddress = smdpAddress
    }

    public init(_ request: InitiateAuthenticationRequest) throws {
        self.init(
            euiccChallenge: JSONField.base64(request.euiccChallenge.bytes),
            euiccInfo1: try JSONField.base64DER(request.euiccInfo1),
            smdpAddress: request.smdpAddress)
    }

    public func message() throws(StatusCode) -> InitiateAuthenticationRequest {
        let challenge = try JSONField.bytes(base64: euiccChallenge, "euiccChallenge")
        guard challenge.count == 16 else {
            throw StatusCode.malformedRequest.with(message: "euiccChallenge must be 16 bytes")
        }
        let info1 = try JSONField.der(EUICCInfo1.self, base64: euiccInfo1, "euiccInfo1")
        let address = try JSONField.required(smdpAddress, "smdpAddress")
        return InitiateAuthenticationRequest(euiccChallenge: OctetString(challenge), smdpAddress: address, euiccInfo1: info1)
    }
}

/// ES9+.InitiateAuthentication response body (SGP.22 §6.5.2, function §5.6.1).
///
/// `serverSignature1` is the whole '5F37' data object; `euiccCiPKIdToBeUsed` is the DER of
/// the OCTET STRING ('04 14 …'), as the recorded SM-DP+ sends them.
public struct InitiateAuthenticationResponseBody: Codable, Hashable, Sendable {
    public var header: ResponseHeader
    public var transactionId: String?
    public var serverSigned1: String?
    public var serverSignature1: String?
    public var euiccCiPKIdToBeUsed: String?
    public var serverCertificate: String?

    public init(
        header: ResponseHeader, transactionId: String? = nil, serverSigned1: String? = nil, serverSignature1: String? = nil,
        euiccCiPKIdToBeUsed: String? = nil, serverCertificate: String? = nil
    ) {
        self.header = header
        self.transactionId = transactionId
        self.serverSigned1 = serverSigned1
        self.serverSignature1 = serverSignature1
        self.euiccCiPKIdToBeUsed = euiccCiPKIdToBeUsed
        self.serverCertificate = serverCertificate
    }

    public init(_ ok: InitiateAuthenticationOkEs9, header: ResponseHeader = .executedSuccess) throws {
        self.init(
            header: header,
            transactionId: JSONField.hex(ok.transactionId),
            serverSigned1: JSONField.base64(ok.serverSigned1.derBytes),
            serverSignature1: try JSONField.base64DER(ok.serverSignature1, tag: .signatureDataObject),
            euiccCiPKIdToBeUsed: try JSONField.base64DER(ok.euiccCiPKIdToBeUsed),
            serverCertificate: JSONField.base64(ok.serverCertificate.derBytes))
    }

    public func message() throws(StatusCode) -> InitiateAuthenticationOkEs9 {
        InitiateAuthenticationOkEs9(
            transactionId: try JSONField.transactionId(hex: transactionId),
            serverSigned1: try JSONField.der(Encoded<ServerSigned1>.self, base64: serverSigned1, "serverSigned1"),
            serverSignature1: try JSONField.der(
                OctetString.self, tag: .signatureDataObject, base64: serverSignature1, "serverSignature1"),
            euiccCiPKIdToBeUsed: try JSONField.der(OctetString.self, base64: euiccCiPKIdToBeUsed, "euiccCiPKIdToBeUsed"),
            serverCertificate: try JSONField.der(CertificateDER.self, base64: serverCertificate, "serverCertificate"))
    }
}
