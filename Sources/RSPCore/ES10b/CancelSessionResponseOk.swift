import SwiftASN1

/// ES10b.CancelSession (SGP.22 §5.7.14), successful response.
///
/// ```asn1
/// CancelSessionResponseOk ::= SEQUENCE {
///     euiccCancelSessionSigned EuiccCancelSessionSigned,  -- Signed information
///     euiccCancelSessionSignature [APPLICATION 55] OCTET STRING   -- tag '5F37
/// }
/// ```
/// Inside `CancelSessionResponse` the whole SEQUENCE is re-tagged 'A0'.
public struct CancelSessionResponseOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    /// Kept with its received bytes: euiccCancelSessionSignature is computed over them.
    public var euiccCancelSessionSigned: Encoded<EuiccCancelSessionSigned>
    public var euiccCancelSessionSignature: OctetString

    public init(euiccCancelSessionSigned: Encoded<EuiccCancelSessionSigned>, euiccCancelSessionSignature: OctetString) {
        self.euiccCancelSessionSigned = euiccCancelSessionSigned
        self.euiccCancelSessionSignature = euiccCancelSessionSignature
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let signed = try Encoded<EuiccCancelSessionSigned>(derEncoded: &nodes)
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            nodes.skipExtensions()
            return CancelSessionResponseOk(euiccCancelSessionSigned: signed, euiccCancelSessionSignature: signature)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(euiccCancelSessionSigned)
            try euiccCancelSessionSignature.serialize(into: &coder, withIdentifier: .application(55))
        }
    }
}
