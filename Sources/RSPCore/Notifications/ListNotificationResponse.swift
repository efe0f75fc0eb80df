import SwiftASN1

/// ES10b.ListNotification (SGP.22 §5.7.9).
///
/// ```asn1
/// ListNotificationResponse ::= [40] CHOICE { -- Tag 'BF28'
///     notificationMetadataList SEQUENCE OF NotificationMetadata,
///     listNotificationsResultError INTEGER {undefinedError(127)}
/// }
/// ```
/// A tagged CHOICE is explicit: 'BF28' wraps the alternative. The alternatives are untagged,
/// so AUTOMATIC TAGS gives [0] 'A0' (the list) and [1] '81' (the error).
public enum ListNotificationResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case notificationMetadataList([NotificationMetadata])
    case listNotificationsResultError(ListNotificationsResultError)

    /// `listNotificationsResultError INTEGER {undefinedError(127)}`
    public struct ListNotificationsResultError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let undefinedError = ListNotificationsResultError(rawValue: 127)

        public static let names: [Int: String] = [127: "undefinedError"]
    }

    public static var defaultIdentifier: ASN1Identifier { .context(40) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .notificationMetadataList(
                    try DER.sequence(of: NotificationMetadata.self, identifier: .context(0), rootNode: inner))
            case .context(1):
                return .listNotificationsResultError(try ListNotificationsResultError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .notificationMetadataList(let list): try coder.serializeSequenceOf(list, identifier: .context(0))
            case .listNotificationsResultError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension ListNotificationResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .notificationMetadataList(let list): try encoder.encodeChoice("notificationMetadataList", list)
        case .listNotificationsResultError(let error): try encoder.encodeChoice("listNotificationsResultError", error)
        }
    }
}
