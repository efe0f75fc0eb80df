import RSPCore

extension ISDR {
    /// ES10c.GetProfilesInfo (SGP.22 §5.7.15): the profiles matching the search criteria (all without
    /// one), each with only the fields whose tags are in tagList (all fields without one).
    public func getProfilesInfo(_ request: ProfileInfoListRequest) -> ProfileInfoListResponse {
        let tags: Set<[UInt8]>?
        if let tagList = request.tagList {
            guard let parsed = ProfileInfoTag.parse(tagList.bytes) else { return .profileInfoListError(.incorrectInputValues) }
            tags = Set(parsed)
        } else {
            tags = nil
        }
        let selected = state.profiles.filter { profile in
            switch request.searchCriteria {
            case nil: true
            case .isdpAid(let aid): aid.bytes == profile.aid
            case .iccid(let iccid): iccid == profile.iccid
            case .profileClass(let profileClass): profileClass == profile.profileClass
            }
        }
        return .profileInfoListOk(selected.map { profileInfo($0, tags: tags) })
    }

    /// One ProfileInfo, with the fields `tags` names (every field when nil).
    func profileInfo(_ profile: InstalledProfile, tags: Set<[UInt8]>?) -> ProfileInfo {
        func wanted(_ tag: [UInt8]) -> Bool { tags?.contains(tag) ?? true }
        let metadata = profile.metadata
        return ProfileInfo(
            iccid: wanted(ProfileInfoTag.iccid) ? profile.iccid : nil,
            isdpAid: wanted(ProfileInfoTag.isdpAid) ? OctetString(profile.aid) : nil,
            profileState: wanted(ProfileInfoTag.profileState) ? profile.state : nil,
            profileNickname: wanted(ProfileInfoTag.profileNickname) ? profile.nickname : nil,
            serviceProviderName: wanted(ProfileInfoTag.serviceProviderName) ? metadata.serviceProviderName : nil,
            profileName: wanted(ProfileInfoTag.profileName) ? metadata.profileName : nil,
            iconType: wanted(ProfileInfoTag.iconType) ? metadata.iconType : nil,
            icon: wanted(ProfileInfoTag.icon) ? metadata.icon : nil,
            profileClass: wanted(ProfileInfoTag.profileClass) ? profile.profileClass : .operational,
            notificationConfigurationInfo: wanted(ProfileInfoTag.notificationConfigurationInfo)
                ? metadata.notificationConfigurationInfo : nil,
            profileOwner: wanted(ProfileInfoTag.profileOwner) ? metadata.profileOwner : nil,
            dpProprietaryData: wanted(ProfileInfoTag.dpProprietaryData) ? profile.configureISDP.dpProprietaryData : nil,
            profilePolicyRules: wanted(ProfileInfoTag.profilePolicyRules) ? metadata.profilePolicyRules : nil)
    }
}

/// The tags of ProfileInfo's fields (SGP.22 §5.7.15), as a tagList names them.
public enum ProfileInfoTag {
    public static let iccid: [UInt8] = [0x5A]
    public static let isdpAid: [UInt8] = [0x4F]
    public static let profileState: [UInt8] = [0x9F, 0x70]
    public static let profileNickname: [UInt8] = [0x90]
    public static let serviceProviderName: [UInt8] = [0x91]
    public static let profileName: [UInt8] = [0x92]
    public static let iconType: [UInt8] = [0x93]
    public static let icon: [UInt8] = [0x94]
    public static let profileClass: [UInt8] = [0x95]
    public static let notificationConfigurationInfo: [UInt8] = [0xB6]
    public static let profileOwner: [UInt8] = [0xB7]
    public static let dpProprietaryData: [UInt8] = [0xB8]
    public static let profilePolicyRules: [UInt8] = [0x99]

    /// Splits a tagList (concatenated BER tags) into tags; nil when a multi-byte tag is cut off.
    static func parse(_ bytes: [UInt8]) -> [[UInt8]]? {
        var tags: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            var tag = [bytes[index]]
            if bytes[index] & 0x1F == 0x1F {
                repeat {
                    index += 1
                    guard index < bytes.count, tag.count < 4 else { return nil }
                    tag.append(bytes[index])
                } while bytes[index] & 0x80 != 0
            }
            tags.append(tag)
            index += 1
        }
        return tags
    }
}
