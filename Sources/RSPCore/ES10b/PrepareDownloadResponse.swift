import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5), response data.
///
/// ```asn1
/// PrepareDownloadResponse ::= [33] CHOICE {  -- Tag 'BF21'
///     downloadResponseOk PrepareDownloadResponseOk,
///     downloadResponseError PrepareDownloadResponseError
/// }
/// ```
/// A tagged CHOICE is explicitly tagged: 'BF21' wraps the chosen alternative, which carries
/// its automatic tag: 'A0' (downloadResponseOk) or 'A1' (downloadResponseError).
public enum PrepareDownloadResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case downloadResponseOk(PrepareDownloadResponseOk)
    case downloadResponseError(PrepareDownloadResponseError)

    public static var defaultIdentifier: ASN1Identifier { .context(33) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .downloadResponseOk(try PrepareDownloadResponseOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .downloadResponseError(
                    try PrepareDownloadResponseError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .downloadResponseOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .downloadResponseError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension PrepareDownloadResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .downloadResponseOk(let ok): try encoder.encodeChoice("downloadResponseOk", ok)
        case .downloadResponseError(let error): try encoder.encodeChoice("downloadResponseError", error)
        }
    }
}
