import SwiftASN1

/// ES9+.AuthenticateClient (SGP.22 §5.6.3), request (ASN.1 binding).
///
/// ```asn1
/// AuthenticateClientRequest ::= [59] SEQUENCE { -- Tag 'BF3B'
///     transactionId [0] TransactionId,
///     authenticateServerResponse [56] AuthenticateServerResponse -- This is the response from ES10b.AuthenticateServer
/// }
/// ```
/// `[56]` on the already tagged CHOICE `AuthenticateServerResponse` ('BF38') is an implicit
/// re-tag with the same tag: one 'BF38' around the alternative.
public struct AuthenticateClientRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(59) }

    public var transactionId: OctetString
    public var authenticateServerResponse: AuthenticateServerResponse

    public init(transactionId: OctetString, authenticateServerResponse: AuthenticateServerResponse) {
        self.transactionId = transactionId
        self.authenticateServerResponse = authenticateServerResponse
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let response = try ES9PlusCoding.taggedChoice(
                &nodes, as: AuthenticateServerResponse.self, tag: .context(56), field: "authenticateServerResponse")
            nodes.skipExtensions()
            return AuthenticateClientRequest(transactionId: transactionId, authenticateServerResponse: response)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try authenticateServerResponse.serialize(into: &coder, withIdentifier: .context(56))
        }
    }
}
