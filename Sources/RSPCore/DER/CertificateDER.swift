import SwiftASN1

/// An X.509 `Certificate` carried inside an SGP.22 message, kept as its DER bytes.
///
/// Messages do not parse certificates: decoding a message must not fail because a
/// certificate uses an algorithm this build cannot verify (e.g. brainpool). RSPCrypto
/// parses and validates the bytes when a flow needs the certificate.
public struct CertificateDER: Hashable, Sendable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public let derBytes: [UInt8]

    /// Wraps DER bytes after checking they are one well-formed SEQUENCE.
    public init(derBytes: [UInt8]) throws {
        let node = try DER.parse(derBytes)
        try self.init(derEncoded: node, withIdentifier: .sequence)
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        guard node.identifier == identifier, case .constructed = node.content else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        self.derBytes = Array(node.encodedBytes)
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
