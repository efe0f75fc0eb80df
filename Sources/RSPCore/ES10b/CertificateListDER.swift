import SwiftASN1

/// An X.509 `CertificateList` (a CRL) carried inside an SGP.22 message, kept as its DER bytes
/// (ES10b.LoadCRL, SGP.22 §5.7.12).
///
/// Like `CertificateDER`, messages do not parse the CRL; RSPCrypto does when it checks it.
/// Unlike a Certificate, the CRL in `LoadCRLRequest` is implicitly re-tagged ([0], 'A0'):
/// `derBytes` always holds the universal form ('30' …) so it can be verified and stored as a
/// normal CRL, and serialising with another identifier swaps only the outer tag.
public struct CertificateListDER: Hashable, Sendable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    /// The CRL's DER encoding with its universal SEQUENCE tag.
    public let derBytes: [UInt8]

    /// Wraps DER bytes after checking they are one well-formed SEQUENCE.
    public init(derBytes: [UInt8]) throws {
        let node = try DER.parse(derBytes)
        try self.init(derEncoded: node, withIdentifier: .sequence)
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        guard node.identifier == identifier, case .constructed(let children) = node.content else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        if identifier == .sequence {
            self.derBytes = Array(node.encodedBytes)
        } else {
            var serializer = DER.Serializer()
            serializer.appendConstructedNode(identifier: .sequence) { coder in
                for child in children { coder.serializeRawBytes(child.encodedBytes) }
            }
            self.derBytes = serializer.serializedBytes
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        if identifier == .sequence {
            coder.serializeRawBytes(derBytes)
            return
        }
        let node = try DER.parse(derBytes)
        guard case .constructed(let children) = node.content else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        coder.appendConstructedNode(identifier: identifier) { coder in
            for child in children { coder.serializeRawBytes(child.encodedBytes) }
        }
    }
}

extension CertificateListDER: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(derBytes.hexString)
    }
}
