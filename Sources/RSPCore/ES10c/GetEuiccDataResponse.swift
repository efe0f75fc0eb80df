import SwiftASN1

/// ES10c.GetEID (SGP.22 §5.7.20), response.
///
/// ```asn1
/// GetEuiccDataResponse ::= [62] SEQUENCE { -- Tag 'BF3E'
///     eidValue [APPLICATION 26] Octet16  -- tag '5A'
/// }
/// ```
public struct GetEuiccDataResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(62) }

    public var eidValue: OctetString

    public init(eidValue: OctetString) {
        self.eidValue = eidValue
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let eid = try OctetString(derEncoded: &nodes, withIdentifier: .application(26)).requireSize(16...16, field: "eidValue")
            nodes.skipExtensions()
            return GetEuiccDataResponse(eidValue: eid)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try eidValue.serialize(into: &coder, withIdentifier: .application(26))
        }
    }
}
