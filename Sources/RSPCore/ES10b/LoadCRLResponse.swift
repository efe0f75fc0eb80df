import SwiftASN1

/// ES10b.LoadCRL (SGP.22 §5.7.12), response data.
///
/// ```asn1
/// LoadCRLResponse ::= [53] CHOICE {  -- Tag 'BF35'
/// loadCRLResponseOk LoadCRLResponseOk,
/// loadCRLResponseError LoadCRLResponseError
/// }
/// ```
/// A tagged CHOICE is explicitly tagged: 'BF35' wraps the chosen alternative, which carries
/// its automatic tag: 'A0' (loadCRLResponseOk) or '81' (loadCRLResponseError).
public enum LoadCRLResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case loadCRLResponseOk(LoadCRLResponseOk)
    case loadCRLResponseError(LoadCRLResponseError)

    public static var defaultIdentifier: ASN1Identifier { .context(53) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .loadCRLResponseOk(try LoadCRLResponseOk(derEncoded: inner, withIdentifier: .context(0)))
            case .context(1):
                return .loadCRLResponseError(try LoadCRLResponseError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .loadCRLResponseOk(let ok): try ok.serialize(into: &coder, withIdentifier: .context(0))
            case .loadCRLResponseError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension LoadCRLResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .loadCRLResponseOk(let ok): try encoder.encodeChoice("loadCRLResponseOk", ok)
        case .loadCRLResponseError(let error): try encoder.encodeChoice("loadCRLResponseError", error)
        }
    }
}
