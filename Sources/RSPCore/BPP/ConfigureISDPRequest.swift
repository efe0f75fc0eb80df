import SwiftASN1

/// ES8+.ConfigureISDP (SGP.22 §5.5.2), carried encrypted in the BPP's `firstSequenceOf87`.
///
/// ```asn1
/// ConfigureISDPRequest ::= [36] SEQUENCE { -- Tag 'BF24'
///     dpProprietaryData [24] DpProprietaryData OPTIONAL -- Tag 'B8'
/// }
/// ```
public struct ConfigureISDPRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(36) }

    public var dpProprietaryData: DpProprietaryData?

    public init(dpProprietaryData: DpProprietaryData? = nil) {
        self.dpProprietaryData = dpProprietaryData
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let data: DpProprietaryData? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(24))
            nodes.skipExtensions()
            return ConfigureISDPRequest(dpProprietaryData: data)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(dpProprietaryData, withIdentifier: .context(24))
        }
    }
}
