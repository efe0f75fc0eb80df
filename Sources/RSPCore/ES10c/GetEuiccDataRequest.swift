import SwiftASN1

/// ES10c.GetEID (SGP.22 §5.7.20), request.
///
/// ```asn1
/// GetEuiccDataRequest ::= [62] SEQUENCE { -- Tag 'BF3E'
///     tagList [APPLICATION 28] Octet1  -- tag '5C', the value SHALL be set to '5A'
/// }
/// ```
public struct GetEuiccDataRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(62) }

    public var tagList: OctetString

    public init(tagList: OctetString) {
        self.tagList = tagList
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let tagList = try OctetString(derEncoded: &nodes, withIdentifier: .application(28))
            nodes.skipExtensions()
            return GetEuiccDataRequest(tagList: tagList)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try tagList.serialize(into: &coder, withIdentifier: .application(28))
        }
    }
}
