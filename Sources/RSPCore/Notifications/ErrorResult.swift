import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6): the `finalResult` of a failed installation.
///
/// ```asn1
/// ErrorResult ::= SEQUENCE {
///     bppCommandId BppCommandId,
///     errorReason ErrorReason,
///     simaResponse OCTET STRING OPTIONAL -- contains (multiple) 'EUICCResponse' as defined in [5]
/// }
/// ```
/// No component has a written tag: AUTOMATIC TAGS gives '80', '81', '82'.
public struct ErrorResult: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var bppCommandId: BppCommandId
    public var errorReason: ErrorReason
    public var simaResponse: OctetString?

    public init(bppCommandId: BppCommandId, errorReason: ErrorReason, simaResponse: OctetString? = nil) {
        self.bppCommandId = bppCommandId
        self.errorReason = errorReason
        self.simaResponse = simaResponse
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let bppCommandId = try BppCommandId(derEncoded: &nodes, withIdentifier: .context(0))
            let errorReason = try ErrorReason(derEncoded: &nodes, withIdentifier: .context(1))
            let simaResponse: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(2))
            nodes.skipExtensions()
            return ErrorResult(bppCommandId: bppCommandId, errorReason: errorReason, simaResponse: simaResponse)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try bppCommandId.serialize(into: &coder, withIdentifier: .context(0))
            try errorReason.serialize(into: &coder, withIdentifier: .context(1))
            try coder.serializeOptionalImplicitlyTagged(simaResponse, withIdentifier: .context(2))
        }
    }
}
