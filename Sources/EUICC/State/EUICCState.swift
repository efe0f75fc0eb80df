import RSPCore

/// Everything the eUICC remembers across power cycles (SGP.22 §2.2): installed profiles, pending
/// notifications with the next sequence number, the default SM-DP+ address, and the SGP.22
/// versions and features the card supports (fixed at manufacture, see `EUICCConfiguration`).
///
/// Deliberately without any session data: the RSP session (challenge, one-time ECKA key, session
/// keys, negotiated version) lives only in memory and ends with a reset, as on a real card.
public struct EUICCState: Hashable, Sendable, Codable {
    public var profiles: [InstalledProfile]
    public var notifications: [StoredNotification]
    /// The seqNumber of the next notification; never reused (SGP.22 §5.7.9).
    public var nextSeqNumber: Int
    public var defaultDpAddress: String?
    /// The SGP.22 versions the card offers in EUICCInfo1 (`VersionNegotiation`). A state file
    /// written before version negotiation existed has none: it loads as `VersionRange.openRSPDefault`.
    public var supportedVersions: VersionRange
    /// The card's feature list (EUICCInfo1 `[PRIVATE 1]`); by default what its highest version defines.
    public var features: RSPFeatures

    public init(
        profiles: [InstalledProfile] = [], notifications: [StoredNotification] = [], nextSeqNumber: Int = 1,
        defaultDpAddress: String? = nil, supportedVersions: VersionRange = .openRSPDefault, features: RSPFeatures? = nil
    ) {
        self.profiles = profiles
        self.notifications = notifications
        self.nextSeqNumber = nextSeqNumber
        self.defaultDpAddress = defaultDpAddress
        self.supportedVersions = supportedVersions
        self.features = features ?? supportedVersions.highest.features
    }

    enum CodingKeys: String, CodingKey {
        case profiles, notifications, nextSeqNumber, defaultDpAddress, supportedVersions, features
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            profiles: try container.decode([InstalledProfile].self, forKey: .profiles),
            notifications: try container.decode([StoredNotification].self, forKey: .notifications),
            nextSeqNumber: try container.decode(Int.self, forKey: .nextSeqNumber),
            defaultDpAddress: try container.decodeIfPresent(String.self, forKey: .defaultDpAddress),
            supportedVersions: try container.decodeIfPresent(VersionRange.self, forKey: .supportedVersions) ?? .openRSPDefault,
            features: try container.decodeIfPresent(RSPFeatures.self, forKey: .features))
    }

    public var enabledProfile: InstalledProfile? { profiles.first { $0.state == .enabled } }

    /// Takes the next notification sequence number.
    mutating func takeSeqNumber() -> Int {
        defer { nextSeqNumber += 1 }
        return nextSeqNumber
    }
}
