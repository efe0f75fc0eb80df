import SwiftASN1

/// Any SGP.22 structure this package can decode and re-encode.
public typealias SGP22Value = DERSerializable & Encodable & Sendable

/// Every top-level SGP.22 structure by name and tag, so tools (`openrsp decode`) and tests can
/// decode a message without knowing its type in advance.
///
/// Several structures share a tag (a request and its response, e.g. 'BF38'); `decode`
/// tries them in the order listed — the more specific first — and returns the first that
/// decodes completely.
public enum MessageCatalogue {
    public struct Entry: Sendable {
        public let name: String
        public let identifier: ASN1Identifier
        let decodeNode: @Sendable (ASN1Node) throws -> any SGP22Value

        public func decode(_ der: [UInt8]) throws -> any SGP22Value {
            try decodeNode(try DER.parse(der))
        }
    }

    static func entry<T: DERImplicitlyTaggable & Encodable & Sendable>(_ type: T.Type, _ name: String? = nil) -> Entry {
        Entry(name: name ?? String(describing: type), identifier: T.defaultIdentifier) { node in
            try T(derEncoded: node)
        }
    }

    /// An untagged CHOICE: one entry per alternative's tag, all under the CHOICE's name.
    static func choice<T: DERParseable & Encodable & Sendable & DERSerializable>(
        _ type: T.Type, _ name: String, tags: [ASN1Identifier]
    ) -> [Entry] {
        tags.map { tag in Entry(name: name, identifier: tag) { node in try T(derEncoded: node) } }
    }

    /// A '5F37' signature data object on its own (ES9+ JSON carries them as separate fields).
    public struct SignatureDO: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
        public static var defaultIdentifier: ASN1Identifier { .application(55) }
        public var signature: OctetString
        public init(signature: OctetString) { self.signature = signature }
        public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
            signature = try OctetString(derEncoded: node, withIdentifier: identifier)
        }
        public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
            try signature.serialize(into: &coder, withIdentifier: identifier)
        }
    }

    public static let entries: [Entry] = taggedEntries
        + choice(PendingNotification.self, "PendingNotification", tags: [.context(55), .sequence])
        + [entry(CertificateDER.self, "Certificate"), entry(SignatureDO.self, "Signature"), entry(OctetString.self, "OctetString")]

    static let taggedEntries: [Entry] = [
        // ES10b
        entry(EUICCInfo1.self), entry(GetEuiccInfo1Request.self),
        entry(EUICCInfo2.self), entry(GetEuiccInfo2Request.self),
        entry(PrepareDownloadRequest.self), entry(PrepareDownloadResponse.self),
        entry(AuthenticateServerRequest.self), entry(AuthenticateServerResponse.self),
        entry(CancelSessionRequest.self), entry(CancelSessionResponse.self),
        entry(CancelSessionRequestEs9.self), entry(CancelSessionResponseEs9.self),
        entry(GetEuiccChallengeResponse.self), entry(GetEuiccChallengeRequest.self),
        entry(LoadCRLRequest.self), entry(LoadCRLResponse.self),
        // Bound profile package and its parts
        entry(BoundProfilePackage.self), entry(InitialiseSecureChannelRequest.self), entry(ConfigureISDPRequest.self),
        entry(StoreMetadataRequest.self), entry(ReplaceSessionKeysRequest.self), entry(UpdateMetadataRequest.self),
        // Notifications
        entry(ProfileInstallationResult.self), entry(ProfileInstallationResultData.self), entry(NotificationMetadata.self),
        entry(ListNotificationResponse.self), entry(ListNotificationRequest.self),
        entry(RetrieveNotificationsListResponse.self), entry(RetrieveNotificationsListRequest.self),
        entry(NotificationSentRequest.self), entry(NotificationSentResponse.self),
        entry(OtherSignedNotification.self),
        // ES10a
        entry(EuiccConfiguredAddressesResponse.self), entry(EuiccConfiguredAddressesRequest.self),
        entry(SetDefaultDpAddressRequest.self), entry(SetDefaultDpAddressResponse.self),
        entry(ISDRProprietaryApplicationTemplate.self),
        entry(LpaeActivationRequest.self), entry(LpaeActivationResponse.self),
        // ES10c
        entry(ProfileInfoListResponse.self), entry(ProfileInfoListRequest.self), entry(ProfileInfo.self),
        entry(SetNicknameRequest.self), entry(SetNicknameResponse.self),
        entry(EnableProfileRequest.self), entry(EnableProfileResponse.self),
        entry(DisableProfileRequest.self), entry(DisableProfileResponse.self),
        entry(DeleteProfileRequest.self), entry(DeleteProfileResponse.self),
        entry(EuiccMemoryResetRequest.self), entry(EuiccMemoryResetResponse.self),
        entry(GetEuiccDataRequest.self), entry(GetEuiccDataResponse.self),
        entry(GetRatResponse.self), entry(GetRatRequest.self),
        // ES9+ and ES11 (ASN.1 binding)
        entry(InitiateAuthenticationRequest.self), entry(InitiateAuthenticationResponse.self),
        entry(AuthenticateClientRequest.self), entry(AuthenticateClientResponseEs9.self),
        entry(GetBoundProfilePackageRequest.self), entry(GetBoundProfilePackageResponse.self),
        entry(HandleNotification.self), entry(AuthenticateClientResponseEs11.self),
        entry(RemoteProfileProvisioningRequest.self), entry(RemoteProfileProvisioningResponse.self),
        // Signed parts (universal SEQUENCE), then anything else that is a SEQUENCE: a certificate
        entry(ServerSigned1.self), entry(EuiccSigned1.self), entry(SmdpSigned2.self), entry(EUICCSigned2.self),
        entry(EuiccCancelSessionSigned.self),
    ]

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name.caseInsensitiveCompare(name) }
    }

    /// Decodes `der` as the first catalogued structure with its tag that accepts it.
    public static func decode(_ der: [UInt8]) throws -> (name: String, value: any SGP22Value) {
        let node = try DER.parse(der)
        var lastError: any Error = ASN1Error.unexpectedFieldType(node.identifier)
        for entry in entries where entry.identifier == node.identifier {
            do { return (entry.name, try entry.decodeNode(node)) } catch { lastError = error }
        }
        throw lastError
    }

    /// ES9+/ES11 JSON fields that carry base64 DER, with the structure each holds (SGP.22 §6.5.2).
    public static let jsonFields: [String: String] = [
        "euiccInfo1": "EUICCInfo1",
        "serverSigned1": "ServerSigned1",
        "serverSignature1": "Signature",
        "euiccCiPKIdToBeUsed": "OctetString",
        "serverCertificate": "Certificate",
        "authenticateServerResponse": "AuthenticateServerResponse",
        "profileMetadata": "StoreMetadataRequest",
        "smdpSigned2": "SmdpSigned2",
        "smdpSignature2": "Signature",
        "smdpCertificate": "Certificate",
        "prepareDownloadResponse": "PrepareDownloadResponse",
        "boundProfilePackage": "BoundProfilePackage",
        "pendingNotification": "PendingNotification",
        "cancelSessionResponse": "CancelSessionResponse",
    ]
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
