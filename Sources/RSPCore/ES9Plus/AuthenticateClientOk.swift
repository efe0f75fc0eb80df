import SwiftASN1

/// ES9+.AuthenticateClient (SGP.22 §5.6.3), successful response.
///
/// ```asn1
/// AuthenticateClientOk ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     profileMetaData [37] StoreMetadataRequest,
///     prepareDownloadRequest [33] PrepareDownloadRequest
/// }
/// ```
/// `[37]` and `[33]` re-tag the SEQUENCEs implicitly with their own tags: 'BF25', 'BF21'.
public struct AuthenticateClientOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var profileMetaData: StoreMetadataRequest
    public var prepareDownloadRequest: PrepareDownloadRequest

    public init(transactionId: OctetString, profileMetaData: StoreMetadataRequest, prepareDownloadRequest: PrepareDownloadRequest) {
        self.transactionId = transactionId
        self.profileMetaData = profileMetaData
        self.prepareDownloadRequest = prepareDownloadRequest
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let metadata = try StoreMetadataRequest(derEncoded: &nodes, withIdentifier: .context(37))
            let prepare = try PrepareDownloadRequest(derEncoded: &nodes, withIdentifier: .context(33))
            nodes.skipExtensions()
            return AuthenticateClientOk(transactionId: transactionId, profileMetaData: metadata, prepareDownloadRequest: prepare)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try profileMetaData.serialize(into: &coder, withIdentifier: .context(37))
            try prepareDownloadRequest.serialize(into: &coder, withIdentifier: .context(33))
        }
    }
}
