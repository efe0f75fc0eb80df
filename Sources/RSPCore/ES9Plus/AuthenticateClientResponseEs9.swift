import SwiftASN1

/// ES9+.AuthenticateClient (SGP.22 §5.6.3), response (ASN.1 binding).
///
/// ```asn1
/// AuthenticateClientResponseEs9 ::= [59] CHOICE { -- Tag 'BF3B'
///     authenticateClientOk AuthenticateClientOk,
///     authenticateClientError INTEGER {
///         eumCertificateInvalid(1),
///         eumCertificateExpired(2),
///         euiccCertificateInvalid(3),
///         euiccCertificateExpired(4),
///         euiccSignatureInvalid(5),
///         matchingIdRefused(6),
///         eidMismatch(7),
///         noEligibleProfile(8),
///         ciPKUnknown(9),
///         invalidTransactionId(10),
///         undefinedError(127)
///     }
/// }
/// ```
/// The tag wraps the alternative; the untagged alternatives get [0] ('A0') and [1] ('81').
public enum AuthenticateClientResponseEs9: Hashable, Sendable, DERImplicitlyTaggable {
    case authenticateClientOk(AuthenticateClientOk)
    case authenticateClientError(AuthenticateClientError)

    public static var defaultIdentifier: ASN1Identifier { .context(59) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .authenticateClientOk(try AuthenticateClientOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .authenticateClientError(try AuthenticateClientError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .authenticateClientOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .authenticateClientError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension AuthenticateClientResponseEs9: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .authenticateClientOk(let ok): try encoder.encodeChoice("authenticateClientOk", ok)
        case .authenticateClientError(let error): try encoder.encodeChoice("authenticateClientError", error)
        }
    }
}

extension AuthenticateClientResponseEs9 {
    /// `authenticateClientError INTEGER { eumCertificateInvalid(1), eumCertificateExpired(2), euiccCertificateInvalid(3), euiccCertificateExpired(4), euiccSignatureInvalid(5), matchingIdRefused(6), eidMismatch(7), noEligibleProfile(8), ciPKUnknown(9), invalidTransactionId(10), undefinedError(127) }`
    public struct AuthenticateClientError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let eumCertificateInvalid = Self(rawValue: 1)
        public static let eumCertificateExpired = Self(rawValue: 2)
        public static let euiccCertificateInvalid = Self(rawValue: 3)
        public static let euiccCertificateExpired = Self(rawValue: 4)
        public static let euiccSignatureInvalid = Self(rawValue: 5)
        public static let matchingIdRefused = Self(rawValue: 6)
        public static let eidMismatch = Self(rawValue: 7)
        public static let noEligibleProfile = Self(rawValue: 8)
        public static let ciPKUnknown = Self(rawValue: 9)
        public static let invalidTransactionId = Self(rawValue: 10)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [
            1: "eumCertificateInvalid", 2: "eumCertificateExpired", 3: "euiccCertificateInvalid", 4: "euiccCertificateExpired", 5: "euiccSignatureInvalid", 6: "matchingIdRefused", 7: "eidMismatch", 8: "noEligibleProfile", 9: "ciPKUnknown", 10: "invalidTransactionId", 127: "undefinedError",
        ]
    }
}
