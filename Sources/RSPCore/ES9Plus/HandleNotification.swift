import SwiftASN1

/// ES9+.HandleNotification (SGP.22 §5.6.4), request (ASN.1 binding).
///
/// ```asn1
/// HandleNotification ::= [61] SEQUENCE {  -- Tag 'BF3D'
///     pendingNotification PendingNotification
/// }
/// ```
/// The only component gets the automatic tag [0]; `PendingNotification` is an untagged
/// CHOICE, so the tag is explicit: 'A0' wraps 'BF37' (or '30').
public struct HandleNotification: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(61) }

    public var pendingNotification: PendingNotification

    public init(pendingNotification: PendingNotification) {
        self.pendingNotification = pendingNotification
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let notification = try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try PendingNotification(derEncoded: $0)
            }
            nodes.skipExtensions()
            return HandleNotification(pendingNotification: notification)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(pendingNotification, explicitlyTaggedWithIdentifier: .context(0))
        }
    }
}
