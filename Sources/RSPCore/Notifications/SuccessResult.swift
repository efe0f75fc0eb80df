import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6): the `finalResult` of a successful installation.
///
/// ```asn1
/// SuccessResult ::= SEQUENCE {
///     aid [APPLICATION 15] OCTET STRING (SIZE (5..16)), -- AID of ISD-P
///     simaResponse OCTET STRING -- contains (multiple) 'EUICCResponse' as defined in [5]
/// }
/// ```
/// `aid` has a written tag ('4F'), so `simaResponse` keeps the universal OCTET STRING '04'.
public struct SuccessResult: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var aid: OctetString
    public var simaResponse: OctetString

    public init(aid: OctetString, simaResponse: OctetString) {
        self.aid = aid
        self.simaResponse = simaResponse
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let aid = try OctetString(derEncoded: &nodes, withIdentifier: .application(15)).requireSize(5...16, field: "aid")
            let simaResponse = try OctetString(derEncoded: &nodes, withIdentifier: .octetString)
            nodes.skipExtensions()
            return SuccessResult(aid: aid, simaResponse: simaResponse)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try aid.serialize(into: &coder, withIdentifier: .application(15))
            try coder.serialize(simaResponse)
        }
    }
}
