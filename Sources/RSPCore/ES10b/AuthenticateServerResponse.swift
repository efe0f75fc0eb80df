import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13), response data.
///
/// ```asn1
/// AuthenticateServerResponse ::= [56] CHOICE { -- Tag 'BF38'
///     authenticateResponseOk AuthenticateResponseOk,
///     authenticateResponseError AuthenticateResponseError
/// }
/// ```
/// A tagged CHOICE is explicitly tagged: 'BF38' wraps the chosen alternative, which carries
/// its automatic tag: 'A0' (authenticateResponseOk) or 'A1' (authenticateResponseError).
public enum AuthenticateServerResponse: Hashable, Sendable, DERReadable {
    case authenticateResponseOk(AuthenticateResponseOk)
    case authenticateResponseError(AuthenticateResponseError)

    public static var defaultIdentifier: ASN1Identifier { .context(56) }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        var tagged = try DERReader(tlv, in: bytes, identifier: identifier)
        let inner = try tagged.single("authenticateServerResponse")
        switch inner.identifier {
        case .context(0):
            self = .authenticateResponseOk(try AuthenticateResponseOk(derTLV: inner, in: bytes, withIdentifier: .context(0)))
        case .context(1):
            self = .authenticateResponseError(
                try DERReader.value(AuthenticateResponseError.self, from: inner, in: bytes, identifier: .context(1)))
        default:
            throw ASN1Error.unexpectedFieldType(inner.identifier)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        switch self {
        case .authenticateResponseOk:
            // Written by `derEncoded(withIdentifier:)` (DERWriter, same bytes): swift-asn1 would shift
            // the two certificates right byte by byte at both levels of nesting.
            coder.serializeRawBytes(try derEncoded(withIdentifier: identifier))
        case .authenticateResponseError(let error):
            try coder.appendConstructedNode(identifier: identifier) { coder in
                try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension AuthenticateServerResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .authenticateResponseOk(let ok): try encoder.encodeChoice("authenticateResponseOk", ok)
        case .authenticateResponseError(let error): try encoder.encodeChoice("authenticateResponseError", error)
        }
    }
}
