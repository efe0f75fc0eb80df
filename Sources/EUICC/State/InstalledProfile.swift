import RSPCore

/// A profile in its ISD-P (SGP.22 §2.2.2): the AID, the state, the metadata from StoreMetadata, the
/// nickname the end user gave, and the profile elements as loaded.
public struct InstalledProfile: Hashable, Sendable {
    /// The ISD-P AID (16 bytes).
    public var aid: [UInt8] {
        get { contents.aid }
        set { contents = Contents(aid: newValue, metadata: metadata, configureISDP: configureISDP, profileElements: profileElements) }
    }
    public var state: ProfileState
    public var nickname: String?
    /// ES8+.StoreMetadata as received.
    public var metadata: StoreMetadataRequest {
        get { contents.metadata }
        set { contents = Contents(aid: aid, metadata: newValue, configureISDP: configureISDP, profileElements: profileElements) }
    }
    /// ES8+.ConfigureISDP as received (dpProprietaryData).
    public var configureISDP: ConfigureISDPRequest {
        get { contents.configureISDP }
        set { contents = Contents(aid: aid, metadata: metadata, configureISDP: newValue, profileElements: profileElements) }
    }
    /// The Unprotected Profile Package: the profile elements the ISD-P holds.
    public var profileElements: [UInt8] {
        get { contents.profileElements }
        set { contents = Contents(aid: aid, metadata: metadata, configureISDP: configureISDP, profileElements: newValue) }
    }

    /// What the installation fixed, in one reference: the card's profile list is copied whenever its
    /// state changes (the saved snapshot shares it), and copying a profile is then one retain instead
    /// of one per metadata field.
    private var contents: Contents

    private final class Contents: Sendable {
        let aid: [UInt8]
        let metadata: StoreMetadataRequest
        let configureISDP: ConfigureISDPRequest
        let profileElements: [UInt8]

        init(aid: [UInt8], metadata: StoreMetadataRequest, configureISDP: ConfigureISDPRequest, profileElements: [UInt8]) {
            self.aid = aid
            self.metadata = metadata
            self.configureISDP = configureISDP
            self.profileElements = profileElements
        }
    }

    public init(
        aid: [UInt8], state: ProfileState, nickname: String? = nil, metadata: StoreMetadataRequest,
        configureISDP: ConfigureISDPRequest, profileElements: [UInt8]
    ) {
        self.contents = Contents(aid: aid, metadata: metadata, configureISDP: configureISDP, profileElements: profileElements)
        self.state = state
        self.nickname = nickname
    }

    public static func == (lhs: InstalledProfile, rhs: InstalledProfile) -> Bool {
        lhs.state == rhs.state && lhs.nickname == rhs.nickname
            && (lhs.contents === rhs.contents
                || (lhs.aid == rhs.aid && lhs.metadata == rhs.metadata && lhs.configureISDP == rhs.configureISDP
                    && lhs.profileElements == rhs.profileElements))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(aid)
        hasher.combine(state)
        hasher.combine(nickname)
        hasher.combine(metadata)
        hasher.combine(configureISDP)
        hasher.combine(profileElements)
    }

    // Read through `contents`, not `metadata`: that getter copies the whole StoreMetadataRequest
    // (a retain per field) to hand out one field, and the card reads these of every profile it holds.
    public var iccid: ICCID { contents.metadata.iccid }
    public var profileClass: ProfileClass { contents.metadata.profileClass ?? .operational }

    /// PPR1 "Disabling of this Profile is not allowed" (SGP.22 §2.9.1).
    public var disablingNotAllowed: Bool { contents.metadata.profilePolicyRules?.contains(PprIdsBit.ppr1) ?? false }
    /// PPR2 "Deletion of this Profile is not allowed" (SGP.22 §2.9.1).
    public var deletionNotAllowed: Bool { contents.metadata.profilePolicyRules?.contains(PprIdsBit.ppr2) ?? false }

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
        self.init(
            aid: aid, state: ProfileState(rawValue: try container.decode(Int.self, forKey: .state)),
            nickname: try container.decodeIfPresent(String.self, forKey: .nickname),
            metadata: try StoreMetadataRequest(derBytes: try Self.base64(container, .storeMetadata)),
            configureISDP: try ConfigureISDPRequest(derBytes: try Self.base64(container, .configureISDP)),
            profileElements: try Self.base64(container, .profileElements))
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
