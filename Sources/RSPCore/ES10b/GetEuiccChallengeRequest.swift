import SwiftASN1

/// ES10b.GetEUICCChallenge (SGP.22 §5.7.7).
///
/// ```asn1
/// GetEuiccChallengeRequest ::= [46] SEQUENCE { -- Tag 'BF2E'
/// }
/// ```
public struct GetEuiccChallengeRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(46) }

    public init() {}

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        try DER.emptySequence(node, identifier: identifier)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.appendConstructedNode(identifier: identifier) { _ in }
    }
}
