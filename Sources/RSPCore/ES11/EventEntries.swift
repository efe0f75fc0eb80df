import SwiftASN1

/// ES11.AuthenticateClient (SGP.22 §5.8.2): one event the SM-DS holds for the eUICC.
///
/// ```asn1
/// EventEntries ::= SEQUENCE {
///     eventId UTF8String,
///     rspServerAddress UTF8String
/// }
/// ```
/// No written tags: '80' and '81'.
public struct EventEntries: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var eventId: String
    public var rspServerAddress: String

    public init(eventId: String, rspServerAddress: String) {
        self.eventId = eventId
        self.rspServerAddress = rspServerAddress
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let eventId = try StrictCoding.utf8String(&nodes, identifier: .context(0), field: "eventId")
            let address = try StrictCoding.utf8String(&nodes, identifier: .context(1), field: "rspServerAddress")
            nodes.skipExtensions()
            return EventEntries(eventId: eventId, rspServerAddress: address)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try StrictCoding.serializeUTF8String(eventId, into: &coder, identifier: .context(0))
            try StrictCoding.serializeUTF8String(rspServerAddress, into: &coder, identifier: .context(1))
        }
    }
}
