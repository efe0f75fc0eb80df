import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5), command data.
///
/// ```asn1
/// PrepareDownloadRequest ::= [33] SEQUENCE {  -- Tag 'BF21'
///     smdpSigned2 SmdpSigned2,            -- Signed information
///     smdpSignature2 [APPLICATION 55] OCTET STRING,   -- DP_Sign1, tag '5F37'
///     hashCc Octet32 OPTIONAL, -- Hash of confirmation code
///     smdpCertificate Certificate -- CERT.DPpb.ECDSA
/// }
/// ```
/// `smdpSignature2` is tagged in the text, so the other components keep their own tags:
/// '30' (SmdpSigned2), '04' (hashCc), '30' (Certificate).
public struct PrepareDownloadRequest: Hashable, Sendable, Encodable, DERReadable {
    public static var defaultIdentifier: ASN1Identifier { .context(33) }

    /// Kept with its received bytes: smdpSignature2 is computed over them.
    public var smdpSigned2: Encoded<SmdpSigned2>
    public var smdpSignature2: OctetString
    public var hashCc: OctetString?
    public var smdpCertificate: CertificateDER

    public init(
        smdpSigned2: Encoded<SmdpSigned2>, smdpSignature2: OctetString, hashCc: OctetString? = nil,
        smdpCertificate: CertificateDER
    ) {
        self.smdpSigned2 = smdpSigned2
        self.smdpSignature2 = smdpSignature2
        self.hashCc = hashCc
        self.smdpCertificate = smdpCertificate
    }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        var elements = try DERReader(tlv, in: bytes, identifier: identifier)
        smdpSigned2 = try elements.decode(Encoded<SmdpSigned2>.self, field: "smdpSigned2")
        smdpSignature2 = try elements.decode(OctetString.self, identifier: .application(55), field: "smdpSignature2")
        hashCc = try elements.optional(OctetString.self)?.requireSize(32...32, field: "hashCc")
        smdpCertificate = try elements.decode(CertificateDER.self, field: "smdpCertificate")
        elements.skipExtensions()
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        // The order and tags above, written by `derEncoded(withIdentifier:)` (DERWriter, same bytes):
        // swift-asn1 would shift the certificate and signed block right byte by byte at every level.
        coder.serializeRawBytes(try derEncoded(withIdentifier: identifier))
    }
}
