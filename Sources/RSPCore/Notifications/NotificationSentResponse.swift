import SwiftASN1

/// ES10b.RemoveNotificationFromList (SGP.22 §5.7.11).
///
/// ```asn1
/// NotificationSentResponse ::= [48] SEQUENCE { -- Tag 'BF30'
///     deleteNotificationStatus INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}
/// }
/// ```
/// The only component is untagged, so AUTOMATIC TAGS gives it [0] '80'.
public struct NotificationSentResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(48) }

    /// `deleteNotificationStatus INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}`
    public struct DeleteNotificationStatus: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = DeleteNotificationStatus(rawValue: 0)
        public static let nothingToDelete = DeleteNotificationStatus(rawValue: 1)
        public static let undefinedError = DeleteNotificationStatus(rawValue: 127)

        public static let names: [Int: String] = [0: "ok", 1: "nothingToDelete", 127: "undefinedError"]
    }

    public var deleteNotificationStatus: DeleteNotificationStatus

    public init(deleteNotificationStatus: DeleteNotificationStatus) {
        self.deleteNotificationStatus = deleteNotificationStatus
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let status = try DeleteNotificationStatus(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return NotificationSentResponse(deleteNotificationStatus: status)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try deleteNotificationStatus.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
