import SwiftASN1

/// ES10b.CancelSession (SGP.22 §5.7.14), response data.
///
/// ```asn1
/// CancelSessionResponse ::= [65] CHOICE { -- Tag 'BF41'
///     cancelSessionResponseOk CancelSessionResponseOk,
///     cancelSessionResponseError INTEGER {invalidTransactionId(5), undefinedError(127)}
/// }
/// ```
/// A tagged CHOICE is explicitly tagged: 'BF41' wraps the chosen alternative, which carries
/// its automatic tag: 'A0' (cancelSessionResponseOk) or '81' (cancelSessionResponseError).
public enum CancelSessionResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case cancelSessionResponseOk(CancelSessionResponseOk)
    case cancelSessionResponseError(CancelSessionResponseError)

    public static var defaultIdentifier: ASN1Identifier { .context(65) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .cancelSessionResponseOk(try CancelSessionResponseOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .cancelSessionResponseError(
                    try CancelSessionResponseError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .cancelSessionResponseOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .cancelSessionResponseError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension CancelSessionResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .cancelSessionResponseOk(let ok): try encoder.encodeChoice("cancelSessionResponseOk", ok)
        case .cancelSessionResponseError(let error): try encoder.encodeChoice("cancelSessionResponseError", error)
        }
    }
}

/// ES10b.CancelSession (SGP.22 §5.7.14): the error alternative of `CancelSessionResponse`.
///
/// ```asn1
/// cancelSessionResponseError INTEGER {invalidTransactionId(5), undefinedError(127)}
/// ```
public struct CancelSessionResponseError: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let invalidTransactionId = CancelSessionResponseError(rawValue: 5)
    public static let undefinedError = CancelSessionResponseError(rawValue: 127)

    public static let names: [Int: String] = [5: "invalidTransactionId", 127: "undefinedError"]
}
