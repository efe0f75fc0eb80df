import SwiftASN1

/// ES10a.GetEuiccConfiguredAddresses (SGP.22 §5.7.3), request.
///
/// ```asn1
/// EuiccConfiguredAddressesRequest ::= [60] SEQUENCE { -- Tag 'BF3C'
/// }
/// ```
public struct EuiccConfiguredAddressesRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(60) }

    public init() {}

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        try DER.emptySequence(node, identifier: identifier)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.appendConstructedNode(identifier: identifier) { _ in }
    }
}
