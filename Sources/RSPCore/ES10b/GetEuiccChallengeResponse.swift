import SwiftASN1

/// ES10b.GetEUICCChallenge (SGP.22 §5.7.7).
///
/// ```asn1
/// GetEuiccChallengeResponse ::= [46] SEQUENCE { -- Tag 'BF2E'
///     euiccChallenge Octet16  -- random eUICC challenge
/// }
/// ```
/// The component is untagged in the text: AUTOMATIC TAGS gives it [0] ('80').
public struct GetEuiccChallengeResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(46) }

    public var euiccChallenge: OctetString

    public init(euiccChallenge: OctetString) {
        self.euiccChallenge = euiccChallenge
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let euiccChallenge = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(16...16, field: "euiccChallenge")
            nodes.skipExtensions()
            return GetEuiccChallengeResponse(euiccChallenge: euiccChallenge)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try euiccChallenge.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
