import SwiftASN1

/// ES9+.CancelSession (SGP.22 §5.6.5), request (ASN.1 binding).
///
/// ```asn1
/// CancelSessionRequestEs9 ::= [65] SEQUENCE { -- Tag 'BF41'
///     transactionId TransactionId,
///     cancelSessionResponse  CancelSessionResponse -- data structure defined for ES10b.CancelSession function
/// }
/// ```
/// No written tags: `transactionId` gets [0] ('80'), `cancelSessionResponse` gets [1]. As
/// `CancelSessionResponse` is an already tagged CHOICE ('BF41'), [1] replaces that tag (X.680
/// §31.2.7): 'A1' wraps the alternative directly. The explicit form some tools produce,
/// 'A1' { 'BF41' { … } }, is accepted when decoding.
public struct CancelSessionRequestEs9: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(65) }

    public var transactionId: OctetString
    public var cancelSessionResponse: CancelSessionResponse

    public init(transactionId: OctetString, cancelSessionResponse: CancelSessionResponse) {
        self.transactionId = transactionId
        self.cancelSessionResponse = cancelSessionResponse
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let response = try ES9PlusCoding.taggedChoice(
                &nodes, as: CancelSessionResponse.self, tag: .context(1), field: "cancelSessionResponse")
            nodes.skipExtensions()
            return CancelSessionRequestEs9(transactionId: transactionId, cancelSessionResponse: response)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try cancelSessionResponse.serialize(into: &coder, withIdentifier: .context(1))
        }
    }
}
