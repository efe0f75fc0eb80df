import SwiftASN1

/// ES10b.RetrieveNotificationsList (SGP.22 §5.7.10).
///
/// ```asn1
/// RetrieveNotificationsListResponse ::= [43] CHOICE { -- Tag 'BF2B'
///     notificationList SEQUENCE OF PendingNotification,
///     notificationsListResultError INTEGER {noResultAvailable(1), undefinedError(127)}
/// }
/// ```
/// A tagged CHOICE is explicit: 'BF2B' wraps the alternative. The alternatives are untagged,
/// so AUTOMATIC TAGS gives [0] 'A0' (the list) and [1] '81' (the error).
public enum RetrieveNotificationsListResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case notificationList([PendingNotification])
    case notificationsListResultError(NotificationsListResultError)

    /// `notificationsListResultError INTEGER {noResultAvailable(1), undefinedError(127)}`
    public struct NotificationsListResultError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let noResultAvailable = NotificationsListResultError(rawValue: 1)
        public static let undefinedError = NotificationsListResultError(rawValue: 127)

        public static let names: [Int: String] = [1: "noResultAvailable", 127: "undefinedError"]
    }

    public static var defaultIdentifier: ASN1Identifier { .context(43) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .notificationList(try DER.sequence(of: PendingNotification.self, identifier: .context(0), rootNode: inner))
            case .context(1):
                return .notificationsListResultError(try NotificationsListResultError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .notificationList(let list): try coder.serializeSequenceOf(list, identifier: .context(0))
            case .notificationsListResultError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension RetrieveNotificationsListResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .notificationList(let list): try encoder.encodeChoice("notificationList", list)
        case .notificationsListResultError(let error): try encoder.encodeChoice("notificationsListResultError", error)
        }
    }
}
