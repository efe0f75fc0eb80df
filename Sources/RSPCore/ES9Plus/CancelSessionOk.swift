import SwiftASN1

/// ES9+.CancelSession (SGP.22 §5.6.5), successful response.
///
/// ```asn1
/// CancelSessionOk ::= SEQUENCE { -- This function has no output data
/// }
/// ```
public struct CancelSessionOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public init() {}

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        try DER.emptySequence(node, identifier: identifier)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.appendConstructedNode(identifier: identifier) { _ in }
    }
}
