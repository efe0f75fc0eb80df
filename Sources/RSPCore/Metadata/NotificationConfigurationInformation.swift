import SwiftASN1

/// ES8+.StoreMetadata (SGP.22 §5.5.3): which operations are notified, and to which server.
///
/// ```asn1
/// NotificationConfigurationInformation ::= SEQUENCE {
///     profileManagementOperation NotificationEvent,
///     notificationAddress UTF8String -- FQDN to forward the notification
/// }
/// ```
/// No component has a written tag, so AUTOMATIC TAGS gives them [0] ('80') and [1] ('81').
public struct NotificationConfigurationInformation: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    /// A `NotificationEvent` bit string (see ``NotificationEvent``).
    public var profileManagementOperation: BitString
    public var notificationAddress: String

    public init(profileManagementOperation: BitString, notificationAddress: String) {
        self.profileManagementOperation = profileManagementOperation
        self.notificationAddress = notificationAddress
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let operation = try BitString(derEncoded: &nodes, withIdentifier: .context(0))
            let address = try StrictCoding.utf8String(&nodes, identifier: .context(1), field: "notificationAddress")
            nodes.skipExtensions()
            return NotificationConfigurationInformation(profileManagementOperation: operation, notificationAddress: address)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try profileManagementOperation.serialize(into: &coder, withIdentifier: .context(0))
            try ASN1UTF8String(notificationAddress).serialize(into: &coder, withIdentifier: .context(1))
        }
    }
}
