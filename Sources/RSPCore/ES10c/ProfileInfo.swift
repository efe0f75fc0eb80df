import SwiftASN1

/// ES10c.GetProfilesInfo (SGP.22 §5.7.15): one installed profile, tag 'E3'.
///
/// ```asn1
/// ProfileInfo ::= [PRIVATE 3] SEQUENCE { -- Tag 'E3'
///     iccid Iccid OPTIONAL,
///     isdpAid [APPLICATION 15] OctetTo16 OPTIONAL, -- AID of the ISD-P containing the Profile, tag '4F'
///     profileState [112] ProfileState OPTIONAL, -- Tag '9F70'
///     profileNickname [16] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '90'
///     serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL, -- Tag '91'
///     profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '92'
///     iconType [19] IconType OPTIONAL, -- Tag '93'
///     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94', see condition in ES10c:GetProfilesInfo
///     profileClass [21] ProfileClass DEFAULT operational, -- Tag '95'
///     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL, -- Tag 'B6'
///     profileOwner [23] OperatorID OPTIONAL, -- Tag 'B7'
///     dpProprietaryData [24] DpProprietaryData OPTIONAL, -- Tag 'B8'
///     profilePolicyRules [25] PprIds OPTIONAL -- Tag '99'
/// }
/// ```
/// `profileClass` is DEFAULT operational: DER omits it when it is operational, and an
/// absent value decodes as operational.
public struct ProfileInfo: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .privateTag(3) }

    public var iccid: ICCID?
    public var isdpAid: OctetString?
    public var profileState: ProfileState?
    public var profileNickname: String?
    public var serviceProviderName: String?
    public var profileName: String?
    public var iconType: IconType?
    public var icon: OctetString?
    public var profileClass: ProfileClass
    public var notificationConfigurationInfo: [NotificationConfigurationInformation]?
    public var profileOwner: OperatorID?
    public var dpProprietaryData: DpProprietaryData?
    public var profilePolicyRules: BitString?

    public init(
        iccid: ICCID? = nil,
        isdpAid: OctetString? = nil,
        profileState: ProfileState? = nil,
        profileNickname: String? = nil,
        serviceProviderName: String? = nil,
        profileName: String? = nil,
        iconType: IconType? = nil,
        icon: OctetString? = nil,
        profileClass: ProfileClass = .operational,
        notificationConfigurationInfo: [NotificationConfigurationInformation]? = nil,
        profileOwner: OperatorID? = nil,
        dpProprietaryData: DpProprietaryData? = nil,
        profilePolicyRules: BitString? = nil
    ) {
        self.iccid = iccid
        self.isdpAid = isdpAid
        self.profileState = profileState
        self.profileNickname = profileNickname
        self.serviceProviderName = serviceProviderName
        self.profileName = profileName
        self.iconType = iconType
        self.icon = icon
        self.profileClass = profileClass
        self.notificationConfigurationInfo = notificationConfigurationInfo
        self.profileOwner = profileOwner
        self.dpProprietaryData = dpProprietaryData
        self.profilePolicyRules = profilePolicyRules
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let iccid: ICCID? = try DER.optionalImplicitlyTagged(&nodes)
            let isdpAid: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .application(15))
            try isdpAid?.requireSize(1...16, field: "isdpAid")
            let profileState: ProfileState? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(112))
            let nickname = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(16), field: "profileNickname")
            let serviceProvider = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(17), field: "serviceProviderName")
            let name = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(18), field: "profileName")
            let iconType: IconType? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(19))
            let icon: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(20))
            let profileClass: ProfileClass? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(21))
            let notificationInfo = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 22, tagClass: .contextSpecific) {
                try DER.sequence(of: NotificationConfigurationInformation.self, identifier: .context(22), rootNode: $0)
            }
            let owner: OperatorID? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(23))
            let dpData: DpProprietaryData? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(24))
            let rules: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(25))
            nodes.skipExtensions()
            return ProfileInfo(
                iccid: iccid,
                isdpAid: isdpAid,
                profileState: profileState,
                profileNickname: nickname,
                serviceProviderName: serviceProvider,
                profileName: name,
                iconType: iconType,
                icon: icon,
                profileClass: profileClass ?? .operational,
                notificationConfigurationInfo: notificationInfo,
                profileOwner: owner,
                dpProprietaryData: dpData,
                profilePolicyRules: rules
            )
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(iccid)
            try coder.serializeOptionalImplicitlyTagged(isdpAid, withIdentifier: .application(15))
            try coder.serializeOptionalImplicitlyTagged(profileState, withIdentifier: .context(112))
            try coder.serializeOptionalImplicitlyTagged(profileNickname.map { ASN1UTF8String($0) }, withIdentifier: .context(16))
            try coder.serializeOptionalImplicitlyTagged(serviceProviderName.map { ASN1UTF8String($0) }, withIdentifier: .context(17))
            try coder.serializeOptionalImplicitlyTagged(profileName.map { ASN1UTF8String($0) }, withIdentifier: .context(18))
            try coder.serializeOptionalImplicitlyTagged(iconType, withIdentifier: .context(19))
            try coder.serializeOptionalImplicitlyTagged(icon, withIdentifier: .context(20))
            if profileClass != .operational {
                try profileClass.serialize(into: &coder, withIdentifier: .context(21))
            }
            if let notificationConfigurationInfo {
                try coder.serializeSequenceOf(notificationConfigurationInfo, identifier: .context(22))
            }
            try coder.serializeOptionalImplicitlyTagged(profileOwner, withIdentifier: .context(23))
            try coder.serializeOptionalImplicitlyTagged(dpProprietaryData, withIdentifier: .context(24))
            try coder.serializeOptionalImplicitlyTagged(profilePolicyRules, withIdentifier: .context(25))
        }
    }
}
