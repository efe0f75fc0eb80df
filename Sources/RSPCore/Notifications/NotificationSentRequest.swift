import SwiftASN1

/// ES10b.RemoveNotificationFromList (SGP.22 §5.7.11).
///
/// ```asn1
/// NotificationSentRequest ::= [48] SEQUENCE { -- Tag 'BF30'
///     seqNumber [0] INTEGER
/// }
/// ```
public struct NotificationSentRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(48) }

    public var seqNumber: Int

    public init(seqNumber: Int) {
        self.seqNumber = seqNumber
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let seqNumber = try Int(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return NotificationSentRequest(seqNumber: seqNumber)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try seqNumber.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
