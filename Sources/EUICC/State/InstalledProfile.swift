import RSPCore

/// A profile in its ISD-P (SGP.22 §2.2.2): the AID, the state, the metadata from StoreMetadata, the
/// nickname the end user gave, and the profile elements as loaded.
public struct InstalledProfile: Hashable, Sendable {
    /// The ISD-P AID (16 bytes).
    public var aid: [UInt8]
    public var state: ProfileState
    public var nickname: String?
    /// ES8+.StoreMetadata as received.
    public var metadata: StoreMetadataRequest
    /// ES8+.ConfigureISDP as received (dpProprietaryData).
    public var configureISDP: ConfigureISDPRequest
    /// The Unprotected Profile Package: the profile elements the ISD-P holds.
    public var profileElements: [UInt8]

    public init(
        aid: [UInt8], state: ProfileState, nickname: String? = nil, metadata: StoreMetadataRequest,
        configureISDP: ConfigureISDPRequest, profileElements: [UInt8]
    ) {
        self.aid = aid
        self.state = state
        self.nickname = nickname
        self.metadata = metadata
        self.configureISDP = configureISDP
        self.profileElements = profileElements
    }

    public var iccid: ICCID { metadata.iccid }
    public var profileClass: ProfileClass { metadata.profileClass ?? .operational }

    /// PPR1 "Disabling of this Profile is not allowed" (SGP.22 §2.9.1).
    public var disablingNotAllowed: Bool { metadata.profilePolicyRules?.contains(PprIdsBit.ppr1) ?? false }
    /// PPR2 "Deletion of this Profile is not allowed" (SGP.22 §2.9.1).
    public var deletionNotAllowed: Bool { metadata.profilePolicyRules?.contains(PprIdsBit.ppr2) ?? false }

    /// The notification address for `event` when the profile's notificationConfigurationInfo asks for it
    /// (SGP.22 §2.6.8 / §3.5), nil when no notification is wanted.
    public func notificationAddress(for event: NotificationEvent) -> String? {
        metadata.notificationConfigurationInfo?.first { $0.profileManagementOperation.contains(event) }?.notificationAddress
    }

    public func identified(by identifier: ProfileIdentifier) -> Bool {
        switch identifier {
        case .isdpAid(let aid): aid.bytes == self.aid
        case .iccid(let iccid): iccid == self.iccid
        }
    }
}

extension InstalledProfile: Codable {
    private enum CodingKeys: String, CodingKey {
        case aid, state, nickname, storeMetadata, configureISDP, profileElements
    }

    /// DER fields as hexadecimal or base64 text: the file stays readable and re-parses through the
    /// same decoders the BPP went through.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let aid = [UInt8](hex: try container.decode(String.self, forKey: .aid)), aid.count == 16 else {
            throw DecodingError.dataCorruptedError(forKey: .aid, in: container, debugDescription: "AID is not 16 hex bytes")
        }
        self.aid = aid
        self.state = ProfileState(rawValue: try container.decode(Int.self, forKey: .state))
        self.nickname = try container.decodeIfPresent(String.self, forKey: .nickname)
        self.metadata = try StoreMetadataRequest(derBytes: try Self.base64(container, .storeMetadata))
        self.configureISDP = try ConfigureISDPRequest(derBytes: try Self.base64(container, .configureISDP))
        self.profileElements = try Self.base64(container, .profileElements)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(aid.hexString, forKey: .aid)
        try container.encode(state.rawValue, forKey: .state)
        try container.encodeIfPresent(nickname, forKey: .nickname)
        try container.encode(Base64.encode(try metadata.derEncoded()), forKey: .storeMetadata)
        try container.encode(Base64.encode(try configureISDP.derEncoded()), forKey: .configureISDP)
        try container.encode(Base64.encode(profileElements), forKey: .profileElements)
    }

    private static func base64(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [UInt8] {
        guard let bytes = Base64.decode(try container.decode(String.self, forKey: key)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return bytes
    }
}
