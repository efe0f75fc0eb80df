import Foundation

/// A flat ES9+ body `FlatJSONObject` can read. Tests compare the result with `JSONDecoder`'s for
/// every conforming type, on recorded, encoded and mutated bodies.
protocol FlatJSONDecodable: Decodable {
    /// Nil when the synthesized `Decodable` would throw (a response without a header), so that
    /// `JSONDecoder` reports the failure.
    init?(flat object: FlatJSONObject)
}

enum FlatJSON {
    /// `data` read as `type` without `JSONDecoder`, nil when `type` is not `FlatJSONDecodable`,
    /// `data` is outside what `FlatJSONObject` reads, or `accepting` refuses the object read: the
    /// caller then decodes with `JSONDecoder`.
    static func decode<Body>(
        _ type: Body.Type, from data: Data, accepting: (FlatJSONObject) -> Bool = { _ in true }
    ) -> Body? {
        guard let flatType = type as? any FlatJSONDecodable.Type, let object = FlatJSONObject(data), accepting(object) else {
            return nil
        }
        return flatType.init(flat: object) as? Body
    }
}

extension InitiateAuthenticationRequestBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        self.init(
            euiccChallenge: object.string("euiccChallenge"), euiccInfo1: object.string("euiccInfo1"),
            smdpAddress: object.string("smdpAddress"))
    }
}

extension InitiateAuthenticationResponseBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        guard let header = object.header else { return nil }
        self.init(
            header: header, transactionId: object.string("transactionId"), serverSigned1: object.string("serverSigned1"),
            serverSignature1: object.string("serverSignature1"), euiccCiPKIdToBeUsed: object.string("euiccCiPKIdToBeUsed"),
            serverCertificate: object.string("serverCertificate"))
    }
}

extension AuthenticateClientRequestBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        self.init(
            transactionId: object.string("transactionId"),
            authenticateServerResponse: object.string("authenticateServerResponse"))
    }
}

extension AuthenticateClientResponseBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        guard let header = object.header else { return nil }
        self.init(
            header: header, transactionId: object.string("transactionId"), profileMetadata: object.string("profileMetadata"),
            smdpSigned2: object.string("smdpSigned2"), smdpSignature2: object.string("smdpSignature2"),
            smdpCertificate: object.string("smdpCertificate"))
    }
}

extension GetBoundProfilePackageRequestBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        self.init(
            transactionId: object.string("transactionId"), prepareDownloadResponse: object.string("prepareDownloadResponse"))
    }
}

extension GetBoundProfilePackageResponseBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        guard let header = object.header else { return nil }
        self.init(
            header: header, transactionId: object.string("transactionId"),
            boundProfilePackage: object.string("boundProfilePackage"))
    }
}

extension HandleNotificationRequestBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        self.init(pendingNotification: object.string("pendingNotification"))
    }
}

extension CancelSessionRequestBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        self.init(transactionId: object.string("transactionId"), cancelSessionResponse: object.string("cancelSessionResponse"))
    }
}

extension HeaderOnlyResponseBody: FlatJSONDecodable {
    init?(flat object: FlatJSONObject) {
        guard let header = object.header else { return nil }
        self.init(header: header)
    }
}
