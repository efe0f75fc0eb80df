import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5): the part of the response the eUICC signs
/// (euiccSignature2).
///
/// ```asn1
/// EUICCSigned2 ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     euiccOtpk [APPLICATION 73] OCTET STRING,        -- otPK.EUICC.ECKA, tag '5F49'
///     hashCc Octet32 OPTIONAL         -- Hash of confirmation code
/// }
/// ```
/// Components are tagged in the text, so `hashCc` keeps its OCTET STRING tag '04'.
public struct EUICCSigned2: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var euiccOtpk: OctetString
    public var hashCc: OctetString?

    public init(transactionId: OctetString, euiccOtpk: OctetString, hashCc: OctetString? = nil) {
        self.transactionId = transactionId
        self.euiccOtpk = euiccOtpk
        self.hashCc = hashCc
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(1...16, field: "transactionId")
            let euiccOtpk = try OctetString(derEncoded: &nodes, withIdentifier: .application(73))
            let hashCc: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .octetString)
            try hashCc?.requireSize(32...32, field: "hashCc")
            nodes.skipExtensions()
            return EUICCSigned2(transactionId: transactionId, euiccOtpk: euiccOtpk, hashCc: hashCc)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try euiccOtpk.serialize(into: &coder, withIdentifier: .application(73))
            try coder.serializeOptionalImplicitlyTagged(hashCc, withIdentifier: .octetString)
        }
    }
}
