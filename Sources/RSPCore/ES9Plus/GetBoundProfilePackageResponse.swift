import SwiftASN1

/// ES9+.GetBoundProfilePackage (SGP.22 §5.6.2), response (ASN.1 binding).
///
/// ```asn1
/// GetBoundProfilePackageResponse ::= [58] CHOICE { -- Tag 'BF3A'
///     getBoundProfilePackageOk GetBoundProfilePackageOk,
///     getBoundProfilePackageError INTEGER {
///         euiccSignatureInvalid(1),
///         confirmationCodeMissing(2),
///         confirmationCodeRefused(3),
///         confirmationCodeRetriesExceeded(4),
///         invalidTransactionId(95),
///         undefinedError(127)
///     }
/// }
/// ```
/// The tag wraps the alternative; the untagged alternatives get [0] ('A0') and [1] ('81').
public enum GetBoundProfilePackageResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case getBoundProfilePackageOk(GetBoundProfilePackageOk)
    case getBoundProfilePackageError(GetBoundProfilePackageError)

    public static var defaultIdentifier: ASN1Identifier { .context(58) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .getBoundProfilePackageOk(try GetBoundProfilePackageOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .getBoundProfilePackageError(try GetBoundProfilePackageError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .getBoundProfilePackageOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .getBoundProfilePackageError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension GetBoundProfilePackageResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .getBoundProfilePackageOk(let ok): try encoder.encodeChoice("getBoundProfilePackageOk", ok)
        case .getBoundProfilePackageError(let error): try encoder.encodeChoice("getBoundProfilePackageError", error)
        }
    }
}

extension GetBoundProfilePackageResponse {
    /// `getBoundProfilePackageError INTEGER { euiccSignatureInvalid(1), confirmationCodeMissing(2), confirmationCodeRefused(3), confirmationCodeRetriesExceeded(4), invalidTransactionId(95), undefinedError(127) }`
    public struct GetBoundProfilePackageError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let euiccSignatureInvalid = Self(rawValue: 1)
        public static let confirmationCodeMissing = Self(rawValue: 2)
        public static let confirmationCodeRefused = Self(rawValue: 3)
        public static let confirmationCodeRetriesExceeded = Self(rawValue: 4)
        public static let invalidTransactionId = Self(rawValue: 95)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [
            1: "euiccSignatureInvalid", 2: "confirmationCodeMissing", 3: "confirmationCodeRefused", 4: "confirmationCodeRetriesExceeded", 95: "invalidTransactionId", 127: "undefinedError",
        ]
    }
}
