import SwiftASN1

/// ES10b.GetEUICCInfo, first form (SGP.22 §5.7.8).
///
/// ```asn1
/// GetEuiccInfo1Request ::= [32] SEQUENCE { -- Tag 'BF20'
/// }
/// ```
public struct GetEuiccInfo1Request: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(32) }

    public init() {}

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        try DER.emptySequence(node, identifier: identifier)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.appendConstructedNode(identifier: identifier) { _ in }
    }
}
