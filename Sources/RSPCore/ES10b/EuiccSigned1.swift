import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): the part of the response the eUICC signs
/// (euiccSignature1).
///
/// ```asn1
/// EuiccSigned1 ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     serverAddress [3] UTF8String,
///     serverChallenge [4] Octet16,    -- The RSP Server Challenge
///     euiccInfo2 [34] EUICCInfo2,
///     ctxParams1 CtxParams1
/// }
/// ```
/// `ctxParams1` is an untagged CHOICE: it encodes as the chosen alternative ('A0').
public struct EuiccSigned1: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var serverAddress: String
    public var serverChallenge: OctetString
    public var euiccInfo2: EUICCInfo2
    public var ctxParams1: CtxParams1

    public init(
        transactionId: OctetString, serverAddress: String, serverChallenge: OctetString, euiccInfo2: EUICCInfo2,
        ctxParams1: CtxParams1
    ) {
        self.transactionId = transactionId
        self.serverAddress = serverAddress
        self.serverChallenge = serverChallenge
        self.euiccInfo2 = euiccInfo2
        self.ctxParams1 = ctxParams1
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(1...16, field: "transactionId")
            let serverAddress = try StrictCoding.utf8String(&nodes, identifier: .context(3), field: "serverAddress")
            let serverChallenge = try OctetString(derEncoded: &nodes, withIdentifier: .context(4))
                .requireSize(16...16, field: "serverChallenge")
            let euiccInfo2 = try EUICCInfo2(derEncoded: &nodes, withIdentifier: .context(34))
            let ctxParams1 = try CtxParams1(derEncoded: nodes.required("ctxParams1"))
            nodes.skipExtensions()
            return EuiccSigned1(
                transactionId: transactionId, serverAddress: serverAddress, serverChallenge: serverChallenge,
                euiccInfo2: euiccInfo2, ctxParams1: ctxParams1)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try StrictCoding.serializeUTF8String(serverAddress, into: &coder, identifier: .context(3))
            try serverChallenge.serialize(into: &coder, withIdentifier: .context(4))
            try euiccInfo2.serialize(into: &coder, withIdentifier: .context(34))
            try coder.serialize(ctxParams1)
        }
    }
}
