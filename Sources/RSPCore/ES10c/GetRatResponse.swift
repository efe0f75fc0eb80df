import SwiftASN1

/// ES10b.GetRAT (SGP.22 §5.7.22), response.
///
/// ```asn1
/// GetRatResponse ::= [67] SEQUENCE { -- Tag 'BF43'
///     rat RulesAuthorisationTable
/// }
///
/// RulesAuthorisationTable ::= SEQUENCE OF ProfilePolicyAuthorisationRule
/// ```
/// `rat` gets the automatic tag [0] ('A0', the SEQUENCE OF re-tagged implicitly).
public struct GetRatResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(67) }

    public var rat: [ProfilePolicyAuthorisationRule]

    public init(rat: [ProfilePolicyAuthorisationRule]) {
        self.rat = rat
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let rat = try DER.sequence(of: ProfilePolicyAuthorisationRule.self, identifier: .context(0), nodes: &nodes)
            nodes.skipExtensions()
            return GetRatResponse(rat: rat)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeSequenceOf(rat, identifier: .context(0))
        }
    }
}
