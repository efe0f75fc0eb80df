import SwiftASN1

/// ES10b.ListNotification (SGP.22 §5.7.9).
///
/// ```asn1
/// ListNotificationRequest ::= [40] SEQUENCE { -- Tag 'BF28'
///     profileManagementOperation [1] NotificationEvent OPTIONAL
/// }
/// ```
public struct ListNotificationRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(40) }

    /// A `NotificationEvent` filter (see ``NotificationEvent``); absent = all notifications.
    public var profileManagementOperation: BitString?

    public init(profileManagementOperation: BitString? = nil) {
        self.profileManagementOperation = profileManagementOperation
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let operation: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(1))
            nodes.skipExtensions()
            return ListNotificationRequest(profileManagementOperation: operation)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(profileManagementOperation, withIdentifier: .context(1))
        }
    }
}
