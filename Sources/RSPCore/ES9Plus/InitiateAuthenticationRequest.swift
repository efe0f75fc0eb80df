import SwiftASN1

/// ES9+.InitiateAuthentication (SGP.22 §5.6.1), request (ASN.1 binding; the JSON binding carries the same fields).
///
/// ```asn1
/// InitiateAuthenticationRequest ::= [57] SEQUENCE { -- Tag 'BF39'
///     euiccChallenge [1] Octet16, -- random eUICC challenge
///     smdpAddress [3] UTF8String,
///     euiccInfo1 EUICCInfo1
/// }
/// ```
/// Components have written tags, so `euiccInfo1` keeps its own tag 'BF20'.
public struct InitiateAuthenticationRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(57) }

    public var euiccChallenge: OctetString
    public var smdpAddress: String
    public var euiccInfo1: EUICCInfo1

    public init(euiccChallenge: OctetString, smdpAddress: String, euiccInfo1: EUICCInfo1) {
        self.euiccChallenge = euiccChallenge
        self.smdpAddress = smdpAddress
        self.euiccInfo1 = euiccInfo1
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let challenge = try OctetString(derEncoded: &nodes, withIdentifier: .context(1)).requireSize(16...16, field: "euiccChallenge")
            let address = try StrictCoding.utf8String(&nodes, identifier: .context(3), field: "smdpAddress")
            let info1 = try EUICCInfo1(derEncoded: &nodes)
            nodes.skipExtensions()
            return InitiateAuthenticationRequest(euiccChallenge: challenge, smdpAddress: address, euiccInfo1: info1)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try euiccChallenge.serialize(into: &coder, withIdentifier: .context(1))
            try StrictCoding.serializeUTF8String(smdpAddress, into: &coder, identifier: .context(3))
            try coder.serialize(euiccInfo1)
        }
    }
}
