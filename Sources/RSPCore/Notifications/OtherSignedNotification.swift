import SwiftASN1

/// ES10b.RetrieveNotificationsList (SGP.22 §5.7.10): a signed enable/disable/delete notification,
/// delivered with ES9+.HandleNotification (§5.6.4).
///
/// ```asn1
/// OtherSignedNotification ::= SEQUENCE {
///     tbsOtherNotification NotificationMetadata,
///     euiccNotificationSignature [APPLICATION 55] OCTET STRING,   -- eUICC signature of tbsOtherNotification, Tag '5F37'
///     euiccCertificate Certificate,   -- eUICC Certificate (CERT.EUICC.ECDSA) signed by the EUM
///     eumCertificate Certificate  -- EUM Certificate (CERT.EUM.ECDSA) signed by the requested CI
/// }
/// ```
/// One component has a written tag, so the others keep their own tags ('BF2F', '30', '30').
/// `tbsOtherNotification` keeps its received bytes: the signature is verified over them.
public struct OtherSignedNotification: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var tbsOtherNotification: Encoded<NotificationMetadata>
    public var euiccNotificationSignature: OctetString
    public var euiccCertificate: CertificateDER
    public var eumCertificate: CertificateDER

    public init(
        tbsOtherNotification: Encoded<NotificationMetadata>, euiccNotificationSignature: OctetString,
        euiccCertificate: CertificateDER, eumCertificate: CertificateDER
    ) {
        self.tbsOtherNotification = tbsOtherNotification
        self.euiccNotificationSignature = euiccNotificationSignature
        self.euiccCertificate = euiccCertificate
        self.eumCertificate = eumCertificate
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let tbs = try Encoded<NotificationMetadata>(derEncoded: &nodes, withIdentifier: NotificationMetadata.defaultIdentifier)
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            let euiccCertificate = try CertificateDER(derEncoded: &nodes, withIdentifier: .sequence)
            let eumCertificate = try CertificateDER(derEncoded: &nodes, withIdentifier: .sequence)
            nodes.skipExtensions()
            return OtherSignedNotification(
                tbsOtherNotification: tbs, euiccNotificationSignature: signature, euiccCertificate: euiccCertificate,
                eumCertificate: eumCertificate)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(tbsOtherNotification)
            try euiccNotificationSignature.serialize(into: &coder, withIdentifier: .application(55))
            try coder.serialize(euiccCertificate)
            try coder.serialize(eumCertificate)
        }
    }
}
