import SwiftASN1

/// ES10c.GetProfilesInfo (SGP.22 §5.7.15), response.
///
/// ```asn1
/// ProfileInfoListResponse ::= [45] CHOICE { -- Tag 'BF2D'
///     profileInfoListOk SEQUENCE OF ProfileInfo,
///     profileInfoListError ProfileInfoListError
/// }
/// ```
/// 'BF2D' wraps the alternative; the untagged alternatives get [0] ('A0') and [1] ('81').
public enum ProfileInfoListResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case profileInfoListOk([ProfileInfo])
    case profileInfoListError(ProfileInfoListError)

    public static var defaultIdentifier: ASN1Identifier { .context(45) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(0):
                return .profileInfoListOk(try DER.sequence(of: ProfileInfo.self, identifier: .context(0), rootNode: inner))
            case .context(1):
                return .profileInfoListError(try ProfileInfoListError(derEncoded: inner, withIdentifier: .context(1)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .profileInfoListOk(let list): try coder.serializeSequenceOf(list, identifier: .context(0))
            case .profileInfoListError(let error): try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

extension ProfileInfoListResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .profileInfoListOk(let list): try encoder.encodeChoice("profileInfoListOk", list)
        case .profileInfoListError(let error): try encoder.encodeChoice("profileInfoListError", error)
        }
    }
}
