import SwiftASN1

/// ES10c.GetProfilesInfo (SGP.22 §5.7.15), request.
///
/// ```asn1
/// ProfileInfoListRequest ::= [45] SEQUENCE { -- Tag 'BF2D'
///     searchCriteria [0] CHOICE {
///         isdpAid [APPLICATION 15] OctetTo16, -- AID of the ISD-P, tag '4F'
///         iccid Iccid, -- ICCID, tag '5A'
///         profileClass [21] ProfileClass -- Tag '95'
///     } OPTIONAL,
///     tagList [APPLICATION 28] OCTET STRING OPTIONAL -- tag '5C'
/// }
/// ```
/// `[0]` on a CHOICE is explicit: 'A0' wraps the chosen alternative.
public struct ProfileInfoListRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(45) }

    public var searchCriteria: SearchCriteria?
    public var tagList: OctetString?

    public init(searchCriteria: SearchCriteria? = nil, tagList: OctetString? = nil) {
        self.searchCriteria = searchCriteria
        self.tagList = tagList
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let criteria = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try SearchCriteria(derEncoded: $0)
            }
            let tagList: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .application(28))
            nodes.skipExtensions()
            return ProfileInfoListRequest(searchCriteria: criteria, tagList: tagList)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if let searchCriteria {
                try coder.serialize(searchCriteria, explicitlyTaggedWithIdentifier: .context(0))
            }
            try coder.serializeOptionalImplicitlyTagged(tagList, withIdentifier: .application(28))
        }
    }
}

extension ProfileInfoListRequest {
    /// The `searchCriteria` CHOICE: which profiles to list.
    public enum SearchCriteria: Hashable, Sendable, DERParseable, DERSerializable {
        case isdpAid(OctetString)
        case iccid(ICCID)
        case profileClass(ProfileClass)

        public init(derEncoded node: ASN1Node) throws {
            switch node.identifier {
            case .application(15):
                self = .isdpAid(try OctetString(derEncoded: node, withIdentifier: .application(15)).requireSize(1...16, field: "isdpAid"))
            case ICCID.defaultIdentifier:
                self = .iccid(try ICCID(derEncoded: node))
            case .context(21):
                self = .profileClass(try ProfileClass(derEncoded: node, withIdentifier: .context(21)))
            default:
                throw ASN1Error.unexpectedFieldType(node.identifier)
            }
        }

        public func serialize(into coder: inout DER.Serializer) throws {
            switch self {
            case .isdpAid(let aid): try aid.serialize(into: &coder, withIdentifier: .application(15))
            case .iccid(let iccid): try coder.serialize(iccid)
            case .profileClass(let profileClass): try profileClass.serialize(into: &coder, withIdentifier: .context(21))
            }
        }
    }
}

extension ProfileInfoListRequest.SearchCriteria: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .isdpAid(let aid): try encoder.encodeChoice("isdpAid", aid)
        case .iccid(let iccid): try encoder.encodeChoice("iccid", iccid)
        case .profileClass(let profileClass): try encoder.encodeChoice("profileClass", profileClass)
        }
    }
}
