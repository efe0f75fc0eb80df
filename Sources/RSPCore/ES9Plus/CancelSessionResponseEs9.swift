import SwiftASN1

/// ES9+.CancelSession (SGP.22 §5.6.5), response (ASN.1 binding).
///
/// ```asn1
/// CancelSessionResponseEs9 ::= [65] CHOICE { -- Tag 'BF41'
///     cancelSessionOk CancelSessionOk,
///     cancelSessionError INTEGER {
///         invalidTransactionId(1),
///         euiccSignatureInvalid(2),
///         undefinedError(127)
///     }
/// }
/// ```
/// The tag wraps the alternative; the untagged alternatives get [0] ('A0') and [1] ('81').
public enum CancelSessionResponseEs9: Hashable, Sendable, DERImplicitlyTaggable {
    case cancelSessionOk(CancelSessionOk)
    case cancelSessionError(CancelSessionError)

    public static var defaultIdentifier: ASN1Identifier { .context(65) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .cancelSessionOk(try CancelSessionOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .cancelSessionError(try CancelSessionError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .cancelSessionOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .cancelSessionError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension CancelSessionResponseEs9: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .cancelSessionOk(let ok): try encoder.encodeChoice("cancelSessionOk", ok)
        case .cancelSessionError(let error): try encoder.encodeChoice("cancelSessionError", error)
        }
    }
}

extension CancelSessionResponseEs9 {
    /// `cancelSessionError INTEGER { invalidTransactionId(1), euiccSignatureInvalid(2), undefinedError(127) }`
    public struct CancelSessionError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let invalidTransactionId = Self(rawValue: 1)
        public static let euiccSignatureInvalid = Self(rawValue: 2)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [
            1: "invalidTransactionId", 2: "euiccSignatureInvalid", 127: "undefinedError",
        ]
    }
}
