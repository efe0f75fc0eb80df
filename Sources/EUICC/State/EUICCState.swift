/// Everything the eUICC remembers across power cycles (SGP.22 §2.2): installed profiles, pending
/// notifications with the next sequence number, and the default SM-DP+ address.
///
/// Deliberately without any session data: the RSP session (challenge, one-time ECKA key, session
/// keys) lives only in memory and ends with a reset, as on a real card.
public struct EUICCState: Hashable, Sendable, Codable {
    public var profiles: [InstalledProfile]
    public var notifications: [StoredNotification]
    /// The seqNumber of the next notification; never reused (SGP.22 §5.7.9).
    public var nextSeqNumber: Int
    public var defaultDpAddress: String?

    public init(
        profiles: [InstalledProfile] = [], notifications: [StoredNotification] = [], nextSeqNumber: Int = 1,
        defaultDpAddress: String? = nil
    ) {
        self.profiles = profiles
        self.notifications = notifications
        self.nextSeqNumber = nextSeqNumber
        self.defaultDpAddress = defaultDpAddress
    }

    public var enabledProfile: InstalledProfile? { profiles.first { $0.state == .enabled } }

    /// Takes the next notification sequence number.
    mutating func takeSeqNumber() -> Int {
        defer { nextSeqNumber += 1 }
        return nextSeqNumber
    }
}
