import SwiftASN1

/// ES10c.DisableProfile (SGP.22 §5.7.17), request.
///
/// ```asn1
/// DisableProfileRequest ::= [50] SEQUENCE { -- Tag 'BF32'
///     profileIdentifier CHOICE {
///         isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
///         iccid Iccid -- ICCID, tag '5A'
///     },
///     refreshFlag BOOLEAN -- indicating whether REFRESH is required
/// }
/// ```
/// No written tags: `profileIdentifier` gets [0] (explicit, 'A0' around the alternative),
/// `refreshFlag` gets [1] ('81').
public struct DisableProfileRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(50) }

    public var profileIdentifier: ProfileIdentifier
    public var refreshFlag: Bool

    public init(profileIdentifier: ProfileIdentifier, refreshFlag: Bool) {
        self.profileIdentifier = profileIdentifier
        self.refreshFlag = refreshFlag
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let profile = try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try ProfileIdentifier(derEncoded: $0)
            }
            let refresh = try Bool(derEncoded: &nodes, withIdentifier: .context(1))
            nodes.skipExtensions()
            return DisableProfileRequest(profileIdentifier: profile, refreshFlag: refresh)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(profileIdentifier, explicitlyTaggedWithIdentifier: .context(0))
            try refreshFlag.serialize(into: &coder, withIdentifier: .context(1))
        }
    }
}
