import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5), successful response.
///
/// ```asn1
/// PrepareDownloadResponseOk ::= SEQUENCE {
///     euiccSigned2 EUICCSigned2,  -- Signed information
///     euiccSignature2 [APPLICATION 55] OCTET STRING   -- tag '5F37'
/// }
/// ```
/// Inside `PrepareDownloadResponse` the whole SEQUENCE is re-tagged 'A0'.
public struct PrepareDownloadResponseOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    /// Kept with its received bytes: euiccSignature2 is computed over them.
    public var euiccSigned2: Encoded<EUICCSigned2>
    public var euiccSignature2: OctetString

    public init(euiccSigned2: Encoded<EUICCSigned2>, euiccSignature2: OctetString) {
        self.euiccSigned2 = euiccSigned2
        self.euiccSignature2 = euiccSignature2
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let euiccSigned2 = try Encoded<EUICCSigned2>(derEncoded: &nodes)
            let euiccSignature2 = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            nodes.skipExtensions()
            return PrepareDownloadResponseOk(euiccSigned2: euiccSigned2, euiccSignature2: euiccSignature2)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(euiccSigned2)
            try euiccSignature2.serialize(into: &coder, withIdentifier: .application(55))
        }
    }
}
