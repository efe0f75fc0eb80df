import SwiftASN1

/// ES8+.ConfigureISDP (SGP.22 §5.5.2): SM-DP+ proprietary data stored with the ISD-P.
///
/// ```asn1
/// DpProprietaryData ::= SEQUENCE { --  maximum size including tag and length field: 128 bytes
///     dpOid OBJECT IDENTIFIER -- OID in the tree of the SM-DP+ that created the Profile
///     -- additional data objects defined by the SM-DP+ MAY follow
/// }
/// ```
/// The only component is untagged, so AUTOMATIC TAGS gives `dpOid` the implicit tag [0] ('80').
/// Additional trailing data objects are skipped when decoding.
public struct DpProprietaryData: Hashable, Sendable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var dpOid: ASN1ObjectIdentifier

    public init(dpOid: ASN1ObjectIdentifier) {
        self.dpOid = dpOid
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let dpOid = try ASN1ObjectIdentifier(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return DpProprietaryData(dpOid: dpOid)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try dpOid.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension DpProprietaryData: Encodable {
    private enum CodingKeys: String, CodingKey { case dpOid }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(StrictCoding.dottedString(dpOid), forKey: .dpOid)
    }
}
