import SwiftASN1

/// An X.509 `Certificate` carried inside an SGP.22 message, kept as its DER bytes.
///
/// Messages do not parse certificates: decoding a message must not fail because a
/// certificate uses an algorithm this build cannot verify (e.g. brainpool). RSPCrypto
/// parses and validates the bytes when a flow needs the certificate.
public struct CertificateDER: Hashable, Sendable, DERReadable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public let derBytes: [UInt8]

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        guard node.identifier == identifier, case .constructed = node.content else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        self.derBytes = Array(node.encodedBytes)
    }

    /// Only the outer TLV is looked at: the certificate's own structure is X.509's to check when it is
    /// parsed (swift-certificates), and was checked well-formed DER with the value it came in.
    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        guard tlv.identifier == identifier, tlv.constructed else { throw ASN1Error.unexpectedFieldType(tlv.identifier) }
        self.derBytes = DERReader.encodedBytes(of: tlv, in: bytes)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        guard identifier == .sequence else {
            throw ASN1Error.invalidASN1Object(reason: "a Certificate is not implicitly re-tagged in SGP.22")
        }
        coder.serializeRawBytes(derBytes)
    }
}

extension CertificateDER: Encodable {
    /// JSON renderings show a certificate as its hex DER, unless the encoder's `userInfo`
    /// holds a `CertificateDER.Describer` under this key (RSPCrypto provides one that adds
    /// subject, issuer, serial and validity: RSPCore itself does not parse X.509).
    public static let describerKey = CodingUserInfoKey(rawValue: "org.openrsp.certificateDescriber")!

    public typealias Describer = @Sendable ([UInt8]) -> [String: String]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let describe = encoder.userInfo[Self.describerKey] as? Describer {
            var fields = describe(derBytes)
            fields["der_hex"] = derBytes.hexString
            try container.encode(fields)
        } else {
            try container.encode(derBytes.hexString)
        }
    }
}
