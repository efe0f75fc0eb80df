import SwiftASN1

/// ES10b.GetRAT (SGP.22 §5.7.22), request.
///
/// ```asn1
/// GetRatRequest ::= [67] SEQUENCE { -- Tag ' BF43'
///     -- No input data
/// }
/// ```
public struct GetRatRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(67) }

    public init() {}

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        try DER.emptySequence(node, identifier: identifier)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.appendConstructedNode(identifier: identifier) { _ in }
    }
}
