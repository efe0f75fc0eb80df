import SwiftASN1

/// ES9+.GetBoundProfilePackage (SGP.22 §5.6.2), request (ASN.1 binding).
///
/// ```asn1
/// GetBoundProfilePackageRequest ::= [58] SEQUENCE { -- Tag 'BF3A'
///     transactionId [0] TransactionId,
///     prepareDownloadResponse [33] PrepareDownloadResponse
/// }
/// ```
/// `[33]` on the already tagged CHOICE `PrepareDownloadResponse` ('BF21') is an implicit
/// re-tag with the same tag: one 'BF21' around the alternative.
public struct GetBoundProfilePackageRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(58) }

    public var transactionId: OctetString
    public var prepareDownloadResponse: PrepareDownloadResponse

    public init(transactionId: OctetString, prepareDownloadResponse: PrepareDownloadResponse) {
        self.transactionId = transactionId
        self.prepareDownloadResponse = prepareDownloadResponse
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let response = try ES9PlusCoding.taggedChoice(
                &nodes, as: PrepareDownloadResponse.self, tag: .context(33), field: "prepareDownloadResponse")
            nodes.skipExtensions()
            return GetBoundProfilePackageRequest(transactionId: transactionId, prepareDownloadResponse: response)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try prepareDownloadResponse.serialize(into: &coder, withIdentifier: .context(33))
        }
    }
}
