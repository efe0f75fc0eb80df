import SwiftASN1

/// Decoding rules shared by the ES9+ / ES11 ASN.1 binding messages.
enum ES9PlusCoding {
    /// Decodes a tagged CHOICE type (`CancelSessionResponse ::= [65] CHOICE`, …) that a SEQUENCE
    /// component or a CHOICE alternative tags again with `tag`.
    ///
    /// X.680 §31.2.7: a tag applied to an already tagged CHOICE is implicit, so `tag` replaces the
    /// type's own tag and wraps the chosen alternative directly (`A1 { 81 01 01 }` for
    /// `cancelSessionResponse` in CancelSessionRequestEs9, `BF38 { A0 … }` for
    /// `[56] AuthenticateServerResponse`). That is what we encode. Some ASN.1 tools (asn1tools,
    /// pycrate) make that tag explicit instead and keep the type's own tag inside
    /// (`A1 { BF41 { 81 01 01 } }`); that form is accepted too.
    static func taggedChoice<T: DERImplicitlyTaggable>(_ node: ASN1Node, as type: T.Type, tag: ASN1Identifier) throws -> T {
        if node.identifier == tag, case .constructed(let children) = node.content {
            var iterator = children.makeIterator()
            if let only = iterator.next(), iterator.next() == nil, only.identifier == T.defaultIdentifier,
                case .constructed = only.content
            {
                return try T(derEncoded: only)
            }
        }
        return try T(derEncoded: node, withIdentifier: tag)
    }

    static func taggedChoice<T: DERImplicitlyTaggable>(
        _ nodes: inout ASN1NodeCollection.Iterator, as type: T.Type, tag: ASN1Identifier, field: String
    ) throws -> T {
        try taggedChoice(nodes.required(field), as: type, tag: tag)
    }

    /// `TransactionId ::= OCTET STRING (SIZE(1..16))` with the given implicit tag.
    static func transactionId(_ nodes: inout ASN1NodeCollection.Iterator, tag: ASN1Identifier) throws -> OctetString {
        try OctetString(derEncoded: &nodes, withIdentifier: tag).requireSize(1...16, field: "transactionId")
    }
}
