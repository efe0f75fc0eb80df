import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): the context the LPA passes to the eUICC, which
/// signs it back in `EuiccSigned1`.
///
/// ```asn1
/// CtxParams1 ::= CHOICE {
///     ctxParamsForCommonAuthentication CtxParamsForCommonAuthentication -- New contextual data objects may be defined for extensibility
/// }
/// ```
/// The alternative gets the automatic tag [0] ('A0'). The CHOICE itself has no tag, so it
/// cannot be implicitly re-tagged: it is `DERParseable`/`DERSerializable` only, and fields of
/// this type (untagged in `AuthenticateServerRequest` and `EuiccSigned1`) encode as the
/// chosen alternative.
public enum CtxParams1: Hashable, Sendable, DERParseable, DERSerializable {
    case ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication)

    public init(derEncoded node: ASN1Node) throws {
        switch node.identifier {
        case .context(0):
            self = .ctxParamsForCommonAuthentication(
                try CtxParamsForCommonAuthentication(derEncoded: node, withIdentifier: .context(0)))
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
    }

    public func serialize(into coder: inout DER.Serializer) throws {
        switch self {
        case .ctxParamsForCommonAuthentication(let params):
            try params.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension CtxParams1: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .ctxParamsForCommonAuthentication(let params):
            try encoder.encodeChoice("ctxParamsForCommonAuthentication", params)
        }
    }
}
