import SwiftASN1

/// The named bits of `NotificationEvent`, used by notification metadata and configuration
/// (SGP.22 §5.7.9 ES10b.ListNotification, §5.5.3 ES8+.StoreMetadata).
///
/// ```asn1
/// NotificationEvent ::= BIT STRING {
///     notificationInstall (0),
///     notificationEnable(1),
///     notificationDisable(2),
///     notificationDelete(3)
/// }
/// ```
/// Message fields of this type are ``BitString`` values (so unknown bits from newer peers
/// survive a round trip); this enum names the bits and builds minimal DER bit strings.
public enum NotificationEvent: Int, CaseIterable, Hashable, Sendable, Encodable, CustomStringConvertible {
    case notificationInstall = 0
    case notificationEnable = 1
    case notificationDisable = 2
    case notificationDelete = 3

    /// The bit string with only this bit set, as `NotificationMetadata` requires
    /// ("Only one bit set to 1"): e.g. install → '07 80', enable → '06 40'.
    public var bitString: BitString { BitString(bits: [rawValue]) }

    public var description: String {
        switch self {
        case .notificationInstall: "notificationInstall"
        case .notificationEnable: "notificationEnable"
        case .notificationDisable: "notificationDisable"
        case .notificationDelete: "notificationDelete"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension BitString {
    /// A `NotificationEvent` bit string with the given events set (minimal DER form).
    public init(notificationEvents events: some Sequence<NotificationEvent>) {
        self.init(bits: events.map(\.rawValue))
    }

    /// Whether the given `NotificationEvent` bit is set.
    public func contains(_ event: NotificationEvent) -> Bool { contains(event.rawValue) }

    /// The known `NotificationEvent` bits that are set (unknown bits are ignored).
    public var notificationEvents: [NotificationEvent] { setBits.compactMap(NotificationEvent.init(rawValue:)) }
}
