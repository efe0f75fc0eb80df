import SwiftASN1

/// ES10b.LoadCRL (SGP.22 §5.7.12), command data.
///
/// ```asn1
/// LoadCRLRequest ::= [53] SEQUENCE { -- Tag 'BF35'
///     -- A CRL-A
///     crl CertificateList
/// }
/// ```
/// The component is untagged in the text: AUTOMATIC TAGS gives it an implicit [0], so the
/// CRL's outer SEQUENCE tag becomes 'A0' on the wire.
public struct LoadCRLRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(53) }

    public var crl: CertificateListDER

    public init(crl: CertificateListDER) {
        self.crl = crl
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let crl = try CertificateListDER(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return LoadCRLRequest(crl: crl)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try crl.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
