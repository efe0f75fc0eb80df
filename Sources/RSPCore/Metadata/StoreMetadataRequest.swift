import SwiftASN1

/// ES8+.StoreMetadata (SGP.22 §5.5.3), carried MACed in the BPP's `sequenceOf88`; also
/// the `profileMetadata` of ES9+.AuthenticateClient's response (§5.6.3).
///
/// ```asn1
/// StoreMetadataRequest ::= [37] SEQUENCE { -- Tag 'BF25'
///     iccid Iccid,
///     serviceProviderName [17] UTF8String (SIZE(0..32)), -- Tag '91'
///     profileName [18] UTF8String (SIZE(0..64)), -- Tag '92' (corresponds to 'Short Description' defined in SGP.21 [2])
///     iconType [19] IconType OPTIONAL, -- Tag '93' (JPG or PNG)
///     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94'(Data of the icon. Size 64 x 64 pixel. This field SHALL only be present if iconType is present)
///     profileClass [21] ProfileClass OPTIONAL, -- Tag '95' (default if absent: 'operational')
///     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL,
///     profileOwner [23] OperatorID OPTIONAL, -- Tag 'B7'
///     profilePolicyRules [25] PprIds OPTIONAL -- Tag '99'
/// }
/// ```
/// `iccid` has no written tag but others do, so it keeps its own tag '5A'.
/// `PprIds` is a BIT STRING {pprUpdateControl(0), ppr1(1), ppr2(2), ppr3(3)}.
public struct StoreMetadataRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(37) }

    public var iccid: ICCID
    public var serviceProviderName: String
    public var profileName: String
    public var iconType: IconType?
    public var icon: OctetString?
    public var profileClass: ProfileClass?
    public var notificationConfigurationInfo: [NotificationConfigurationInformation]?
    public var profileOwner: OperatorID?
    public var profilePolicyRules: BitString?

    public init(
        iccid: ICCID,
        serviceProviderName: String,
        profileName: String,
        iconType: IconType? = nil,
        icon: OctetString? = nil,
        profileClass: ProfileClass? = nil,
        notificationConfigurationInfo: [NotificationConfigurationInformation]? = nil,
        profileOwner: OperatorID? = nil,
        profilePolicyRules: BitString? = nil
    ) {
        self.iccid = iccid
        self.serviceProviderName = serviceProviderName
        self.profileName = profileName
        self.iconType = iconType
        self.icon = icon
        self.profileClass = profileClass
        self.notificationConfigurationInfo = notificationConfigurationInfo
        self.profileOwner = profileOwner
        self.profilePolicyRules = profilePolicyRules
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let iccid = try ICCID(derEncoded: &nodes, withIdentifier: ICCID.defaultIdentifier)
            let serviceProviderName = try StrictCoding.utf8String(&nodes, identifier: .context(17), field: "serviceProviderName")
            let profileName = try StrictCoding.utf8String(&nodes, identifier: .context(18), field: "profileName")
            let iconType: IconType? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(19))
            let icon: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(20))
            let profileClass: ProfileClass? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(21))
            let notificationConfigurationInfo = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 22, tagClass: .contextSpecific) {
                try DER.sequence(of: NotificationConfigurationInformation.self, identifier: .context(22), rootNode: $0)
            }
            let profileOwner: OperatorID? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(23))
            let profilePolicyRules: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(25))
            nodes.skipExtensions()
            return StoreMetadataRequest(
                iccid: iccid,
                serviceProviderName: serviceProviderName,
                profileName: profileName,
                iconType: iconType,
                icon: icon,
                profileClass: profileClass,
                notificationConfigurationInfo: notificationConfigurationInfo,
                profileOwner: profileOwner,
                profilePolicyRules: profilePolicyRules
            )
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(iccid)
            try ASN1UTF8String(serviceProviderName).serialize(into: &coder, withIdentifier: .context(17))
            try ASN1UTF8String(profileName).serialize(into: &coder, withIdentifier: .context(18))
            try coder.serializeOptionalImplicitlyTagged(iconType, withIdentifier: .context(19))
            try coder.serializeOptionalImplicitlyTagged(icon, withIdentifier: .context(20))
            try coder.serializeOptionalImplicitlyTagged(profileClass, withIdentifier: .context(21))
            if let notificationConfigurationInfo {
                try coder.serializeSequenceOf(notificationConfigurationInfo, identifier: .context(22))
            }
            try coder.serializeOptionalImplicitlyTagged(profileOwner, withIdentifier: .context(23))
            try coder.serializeOptionalImplicitlyTagged(profilePolicyRules, withIdentifier: .context(25))
        }
    }
}
