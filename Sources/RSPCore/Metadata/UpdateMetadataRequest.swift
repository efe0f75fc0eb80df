import SwiftASN1

/// ES6.UpdateMetadata (SGP.22 §5.4.1): metadata changes, carried in a BPP's `sequenceOf88`
/// as StoreMetadata's successor and applied by the eUICC.
///
/// ```asn1
/// UpdateMetadataRequest ::= [42] SEQUENCE {  -- Tag 'BF2A'
///     serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL, -- Tag '91'
///     profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '92'
///     iconType [19] IconType OPTIONAL, -- Tag '93'
///     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94'
///     profilePolicyRules [25] PprIds OPTIONAL -- Tag '99'
/// }
/// ```
public struct UpdateMetadataRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(42) }

    public var serviceProviderName: String?
    public var profileName: String?
    public var iconType: IconType?
    public var icon: OctetString?
    public var profilePolicyRules: BitString?

    public init(
        serviceProviderName: String? = nil,
        profileName: String? = nil,
        iconType: IconType? = nil,
        icon: OctetString? = nil,
        profilePolicyRules: BitString? = nil
    ) {
        self.serviceProviderName = serviceProviderName
        self.profileName = profileName
        self.iconType = iconType
        self.icon = icon
        self.profilePolicyRules = profilePolicyRules
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let serviceProviderName = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(17), field: "serviceProviderName")
            let profileName = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(18), field: "profileName")
            let iconType: IconType? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(19))
            let icon: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(20))
            let profilePolicyRules: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(25))
            nodes.skipExtensions()
            return UpdateMetadataRequest(
                serviceProviderName: serviceProviderName,
                profileName: profileName,
                iconType: iconType,
                icon: icon,
                profilePolicyRules: profilePolicyRules
            )
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(serviceProviderName.map { ASN1UTF8String($0) }, withIdentifier: .context(17))
            try coder.serializeOptionalImplicitlyTagged(profileName.map { ASN1UTF8String($0) }, withIdentifier: .context(18))
            try coder.serializeOptionalImplicitlyTagged(iconType, withIdentifier: .context(19))
            try coder.serializeOptionalImplicitlyTagged(icon, withIdentifier: .context(20))
            try coder.serializeOptionalImplicitlyTagged(profilePolicyRules, withIdentifier: .context(25))
        }
    }
}
