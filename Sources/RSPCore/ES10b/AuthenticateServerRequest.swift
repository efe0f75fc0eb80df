import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13), command data.
///
/// ```asn1
/// AuthenticateServerRequest ::= [56] SEQUENCE { -- Tag 'BF38'
///     serverSigned1 ServerSigned1,                -- Signed information
///     serverSignature1 [APPLICATION 55] OCTET STRING,     -- tag ?5F37?
///     euiccCiPKIdToBeUsed SubjectKeyIdentifier,       -- CI Public Key Identifier to be used
///     serverCertificate Certificate, -- RSP Server Certificate CERT.XXauth.ECDSA
///     ctxParams1 CtxParams1
/// }
/// ```
/// `serverSignature1` is tagged in the text, so the other components keep their own tags:
/// '30' (ServerSigned1), '04' (SubjectKeyIdentifier), '30' (Certificate) and the chosen
/// CtxParams1 alternative ('A0').
public struct AuthenticateServerRequest: Hashable, Sendable, Encodable, DERReadable {
    public static var defaultIdentifier: ASN1Identifier { .context(56) }

    /// Kept with its received bytes: serverSignature1 is computed over them.
    public var serverSigned1: Encoded<ServerSigned1>
    public var serverSignature1: OctetString
    public var euiccCiPKIdToBeUsed: OctetString
    public var serverCertificate: CertificateDER
    public var ctxParams1: CtxParams1

    public init(
        serverSigned1: Encoded<ServerSigned1>, serverSignature1: OctetString, euiccCiPKIdToBeUsed: OctetString,
        serverCertificate: CertificateDER, ctxParams1: CtxParams1
    ) {
        self.serverSigned1 = serverSigned1
        self.serverSignature1 = serverSignature1
        self.euiccCiPKIdToBeUsed = euiccCiPKIdToBeUsed
        self.serverCertificate = serverCertificate
        self.ctxParams1 = ctxParams1
    }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        var elements = try DERReader(tlv, in: bytes, identifier: identifier)
        serverSigned1 = try elements.decode(Encoded<ServerSigned1>.self, field: "serverSigned1")
        serverSignature1 = try elements.decode(OctetString.self, identifier: .application(55), field: "serverSignature1")
        euiccCiPKIdToBeUsed = try elements.decode(OctetString.self, field: "euiccCiPKIdToBeUsed")
        serverCertificate = try elements.decode(CertificateDER.self, field: "serverCertificate")
        ctxParams1 = try elements.decodeChoice(CtxParams1.self, field: "ctxParams1")
        elements.skipExtensions()
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        // The order and tags above, written by `derEncoded(withIdentifier:)` (DERWriter, same bytes):
        // swift-asn1 would shift the certificate and signed block right byte by byte at every level.
        coder.serializeRawBytes(try derEncoded(withIdentifier: identifier))
    }
}
