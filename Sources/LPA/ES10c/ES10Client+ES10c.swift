import RSPCore

/// ES10c (SGP.22 §5.7.15 – §5.7.21): local profile management by the end user.
extension ES10Client {
    /// ES10c.GetProfilesInfo (§5.7.15): all profiles, or those matching `searchCriteria`,
    /// with only the fields of `tagList` when given.
    public func getProfilesInfo(
        searchCriteria: ProfileInfoListRequest.SearchCriteria? = nil, tagList: [UInt8]? = nil
    ) async throws(LPAError) -> ProfileInfoListResponse {
        let request = ProfileInfoListRequest(searchCriteria: searchCriteria, tagList: tagList.map { OctetString($0) })
        return try await execute(request, function: .getProfilesInfo)
    }

    /// ES10c.EnableProfile (§5.7.16).
    public func enableProfile(_ profile: ProfileIdentifier, refreshFlag: Bool) async throws(LPAError)
        -> EnableProfileResponse
    {
        try await execute(EnableProfileRequest(profileIdentifier: profile, refreshFlag: refreshFlag), function: .enableProfile)
    }

    /// ES10c.DisableProfile (§5.7.17).
    public func disableProfile(_ profile: ProfileIdentifier, refreshFlag: Bool) async throws(LPAError)
        -> DisableProfileResponse
    {
        try await execute(
            DisableProfileRequest(profileIdentifier: profile, refreshFlag: refreshFlag), function: .disableProfile)
    }

    /// ES10c.DeleteProfile (§5.7.18).
    public func deleteProfile(_ profile: DeleteProfileRequest) async throws(LPAError) -> DeleteProfileResponse {
        try await execute(profile, function: .deleteProfile)
    }

    /// ES10c.eUICCMemoryReset (§5.7.19); `resetOptions` bits: deleteOperationalProfiles(0),
    /// deleteFieldLoadedTestProfiles(1), resetDefaultSmdpAddress(2).
    public func euiccMemoryReset(resetOptions: BitString) async throws(LPAError) -> EuiccMemoryResetResponse {
        try await execute(EuiccMemoryResetRequest(resetOptions: resetOptions), function: .euiccMemoryReset)
    }

    /// ES10c.GetEID (§5.7.20): tagList '5A'.
    public func getEID() async throws(LPAError) -> GetEuiccDataResponse {
        try await execute(GetEuiccDataRequest(tagList: [0x5A]), function: .getEID)
    }

    /// ES10c.SetNickname (§5.7.21).
    public func setNickname(iccid: ICCID, nickname: String) async throws(LPAError) -> SetNicknameResponse {
        try await execute(SetNicknameRequest(iccid: iccid, profileNickname: nickname), function: .setNickname)
    }
}
