import SwiftASN1

/// ES10b.CancelSession (SGP.22 §5.7.14): the part of the response the eUICC signs
/// (euiccCancelSessionSignature).
///
/// ```asn1
/// EuiccCancelSessionSigned ::= SEQUENCE {
///     transactionId TransactionId,
///     smdpOid OBJECT IDENTIFIER, -- SM-DP+ OID as contained in CERT.DPauth.ECDSA
///     reason CancelSessionReason
/// }
/// ```
/// No component is tagged in the text: AUTOMATIC TAGS gives them [0] ('80'), [1] ('81') and
/// [2] ('82').
public struct EuiccCancelSessionSigned: Hashable, Sendable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var smdpOid: ASN1ObjectIdentifier
    public var reason: CancelSessionReason

    public init(transactionId: OctetString, smdpOid: ASN1ObjectIdentifier, reason: CancelSessionReason) {
        self.transactionId = transactionId
        self.smdpOid = smdpOid
        self.reason = reason
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(1...16, field: "transactionId")
            let smdpOid = try ASN1ObjectIdentifier(derEncoded: &nodes, withIdentifier: .context(1))
            let reason = try CancelSessionReason(derEncoded: &nodes, withIdentifier: .context(2))
            nodes.skipExtensions()
            return EuiccCancelSessionSigned(transactionId: transactionId, smdpOid: smdpOid, reason: reason)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try smdpOid.serialize(into: &coder, withIdentifier: .context(1))
            try reason.serialize(into: &coder, withIdentifier: .context(2))
        }
    }
}

extension EuiccCancelSessionSigned: Encodable {
    private enum CodingKeys: String, CodingKey { case transactionId, smdpOid, reason }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(transactionId, forKey: .transactionId)
        try container.encode(StrictCoding.dottedString(smdpOid), forKey: .smdpOid)
        try container.encode(reason, forKey: .reason)
    }
}
