import SwiftASN1

/// ES8+.ReplaceSessionKeys (SGP.22 §5.5.4), carried encrypted in the BPP's `secondSequenceOf87`.
///
/// ```asn1
/// ReplaceSessionKeysRequest ::= [38] SEQUENCE { -- tag 'BF26'
/// /*The new initial MAC chaining value*/
///     initialMacChainingValue OCTET STRING,
/// /*New session key value for encryption/decryption (PPK-ENC)*/
///     ppkEnc OCTET STRING,
/// /*New session key value of the session key C-MAC computation/verification (PPK-MAC)*/
///     ppkCmac OCTET STRING
/// }
/// ```
/// No component has a written tag: AUTOMATIC TAGS gives '80', '81', '82'.
public struct ReplaceSessionKeysRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(38) }

    public var initialMacChainingValue: OctetString
    public var ppkEnc: OctetString
    public var ppkCmac: OctetString

    public init(initialMacChainingValue: OctetString, ppkEnc: OctetString, ppkCmac: OctetString) {
        self.initialMacChainingValue = initialMacChainingValue
        self.ppkEnc = ppkEnc
        self.ppkCmac = ppkCmac
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let mac = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
            let enc = try OctetString(derEncoded: &nodes, withIdentifier: .context(1))
            let cmac = try OctetString(derEncoded: &nodes, withIdentifier: .context(2))
            nodes.skipExtensions()
            return ReplaceSessionKeysRequest(initialMacChainingValue: mac, ppkEnc: enc, ppkCmac: cmac)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try initialMacChainingValue.serialize(into: &coder, withIdentifier: .context(0))
            try ppkEnc.serialize(into: &coder, withIdentifier: .context(1))
            try ppkCmac.serialize(into: &coder, withIdentifier: .context(2))
        }
    }
}
