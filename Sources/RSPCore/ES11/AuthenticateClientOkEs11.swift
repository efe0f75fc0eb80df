import SwiftASN1

/// ES11.AuthenticateClient (SGP.22 §5.8.2), successful response.
///
/// ```asn1
/// AuthenticateClientOkEs11 ::= SEQUENCE {
///     transactionId TransactionId,
///     eventEntries SEQUENCE OF EventEntries
/// }
/// ```
/// No written tags: '80' and 'A1'.
public struct AuthenticateClientOkEs11: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var eventEntries: [EventEntries]

    public init(transactionId: OctetString, eventEntries: [EventEntries]) {
        self.transactionId = transactionId
        self.eventEntries = eventEntries
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let entries = try DER.sequence(of: EventEntries.self, identifier: .context(1), nodes: &nodes)
            nodes.skipExtensions()
            return AuthenticateClientOkEs11(transactionId: transactionId, eventEntries: entries)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try coder.serializeSequenceOf(eventEntries, identifier: .context(1))
        }
    }
}
