import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13), successful response.
///
/// ```asn1
/// AuthenticateResponseOk ::= SEQUENCE {
///     euiccSigned1 EuiccSigned1,      -- Signed information
///     euiccSignature1 [APPLICATION 55] OCTET STRING,  --EUICC_Sign1, tag 5F37
///     euiccCertificate Certificate,   -- eUICC Certificate (CERT.EUICC.ECDSA) signed by the EUM
///     eumCertificate Certificate  -- EUM Certificate (CERT.EUM.ECDSA) signed by the requested CI
/// }
/// ```
/// `euiccSignature1` is tagged in the text, so the other components keep their universal
/// SEQUENCE tags. Inside `AuthenticateServerResponse` the whole SEQUENCE is re-tagged 'A0'.
public struct AuthenticateResponseOk: Hashable, Sendable, Encodable, DERReadable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    /// Kept with its received bytes: euiccSignature1 is computed over them.
    public var euiccSigned1: Encoded<EuiccSigned1>
    public var euiccSignature1: OctetString
    public var euiccCertificate: CertificateDER
    public var eumCertificate: CertificateDER

    public init(
        euiccSigned1: Encoded<EuiccSigned1>, euiccSignature1: OctetString, euiccCertificate: CertificateDER,
        eumCertificate: CertificateDER
    ) {
        self.euiccSigned1 = euiccSigned1
        self.euiccSignature1 = euiccSignature1
        self.euiccCertificate = euiccCertificate
        self.eumCertificate = eumCertificate
    }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        var elements = try DERReader(tlv, in: bytes, identifier: identifier)
        euiccSigned1 = try elements.decode(Encoded<EuiccSigned1>.self, field: "euiccSigned1")
        euiccSignature1 = try elements.decode(OctetString.self, identifier: .application(55), field: "euiccSignature1")
        euiccCertificate = try elements.decode(CertificateDER.self, field: "euiccCertificate")
        eumCertificate = try elements.decode(CertificateDER.self, field: "eumCertificate")
        elements.skipExtensions()
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(euiccSigned1)
            try euiccSignature1.serialize(into: &coder, withIdentifier: .application(55))
            try coder.serialize(euiccCertificate)
            try coder.serialize(eumCertificate)
        }
    }
}
