import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13), error response.
///
/// ```asn1
/// AuthenticateResponseError ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     authenticateErrorCode AuthenticateErrorCode
/// }
/// ```
/// `transactionId` is tagged in the text, so `authenticateErrorCode` keeps its INTEGER tag '02'.
/// Inside `AuthenticateServerResponse` the whole SEQUENCE is re-tagged 'A1'.
public struct AuthenticateResponseError: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var authenticateErrorCode: AuthenticateErrorCode

    public init(transactionId: OctetString, authenticateErrorCode: AuthenticateErrorCode) {
        self.transactionId = transactionId
        self.authenticateErrorCode = authenticateErrorCode
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(1...16, field: "transactionId")
            let code = try AuthenticateErrorCode(derEncoded: &nodes, withIdentifier: .integer)
            nodes.skipExtensions()
            return AuthenticateResponseError(transactionId: transactionId, authenticateErrorCode: code)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try authenticateErrorCode.serialize(into: &coder, withIdentifier: .integer)
        }
    }
}
