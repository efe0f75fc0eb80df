import SwiftASN1

/// ES9+.InitiateAuthentication (SGP.22 §5.6.1), response (ASN.1 binding).
///
/// ```asn1
/// InitiateAuthenticationResponse ::= [57] CHOICE { -- Tag 'BF39'
///     initiateAuthenticationOk InitiateAuthenticationOkEs9,
///     initiateAuthenticationError INTEGER {
///         invalidDpAddress(1),
///         euiccVersionNotSupportedByDp(2),
///         ciPKNotSupported(3)
///     }
/// }
/// ```
/// 'BF39' wraps the alternative; the untagged alternatives get [0] ('A0') and [1] ('81').
public enum InitiateAuthenticationResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case initiateAuthenticationOk(InitiateAuthenticationOkEs9)
    case initiateAuthenticationError(InitiateAuthenticationError)

    public static var defaultIdentifier: ASN1Identifier { .context(57) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .initiateAuthenticationOk(try InitiateAuthenticationOkEs9(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .initiateAuthenticationError(try InitiateAuthenticationError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .initiateAuthenticationOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .initiateAuthenticationError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension InitiateAuthenticationResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .initiateAuthenticationOk(let ok): try encoder.encodeChoice("initiateAuthenticationOk", ok)
        case .initiateAuthenticationError(let error): try encoder.encodeChoice("initiateAuthenticationError", error)
        }
    }
}

extension InitiateAuthenticationResponse {
    /// `initiateAuthenticationError INTEGER { invalidDpAddress(1), euiccVersionNotSupportedByDp(2), ciPKNotSupported(3) }`
    public struct InitiateAuthenticationError: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let invalidDpAddress = Self(rawValue: 1)
        public static let euiccVersionNotSupportedByDp = Self(rawValue: 2)
        public static let ciPKNotSupported = Self(rawValue: 3)
        public static let names: [Int: String] = [1: "invalidDpAddress", 2: "euiccVersionNotSupportedByDp", 3: "ciPKNotSupported"]
    }
}
