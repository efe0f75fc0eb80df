import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5), error response.
///
/// ```asn1
/// PrepareDownloadResponseError ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     downloadErrorCode DownloadErrorCode
/// }
/// ```
/// `transactionId` is tagged in the text, so `downloadErrorCode` keeps its INTEGER tag '02'.
/// Inside `PrepareDownloadResponse` the whole SEQUENCE is re-tagged 'A1'.
public struct PrepareDownloadResponseError: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var downloadErrorCode: DownloadErrorCode

    public init(transactionId: OctetString, downloadErrorCode: DownloadErrorCode) {
        self.transactionId = transactionId
        self.downloadErrorCode = downloadErrorCode
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
                .requireSize(1...16, field: "transactionId")
            let code = try DownloadErrorCode(derEncoded: &nodes, withIdentifier: .integer)
            nodes.skipExtensions()
            return PrepareDownloadResponseError(transactionId: transactionId, downloadErrorCode: code)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try downloadErrorCode.serialize(into: &coder, withIdentifier: .integer)
        }
    }
}
