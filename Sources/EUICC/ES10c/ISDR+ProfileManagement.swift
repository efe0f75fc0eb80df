import RSPCore

extension ISDR {
    /// ES10c.EnableProfile (SGP.22 §5.7.16, §3.2.1): one profile is enabled at a time, so the enabled
    /// one is disabled first — refused (disallowedByPolicy) when its PPR1 forbids disabling it.
    /// Notifications follow each profile's notificationConfigurationInfo.
    public func enableProfile(_ request: EnableProfileRequest) -> EnableProfileResponse {
        guard let index = state.profiles.firstIndex(where: { $0.identified(by: request.profileIdentifier) }) else {
            return EnableProfileResponse(enableResult: .iccidOrAidNotFound)
        }
        guard state.profiles[index].state == .disabled else {
            return EnableProfileResponse(enableResult: .profileNotInDisabledState)
        }
        var newState = state
        do {
            if let current = newState.profiles.firstIndex(where: { $0.state == .enabled }) {
                guard !newState.profiles[current].disablingNotAllowed else {
                    return EnableProfileResponse(enableResult: .disallowedByPolicy)
                }
                newState.profiles[current].state = .disabled
                try recordNotification(.notificationDisable, for: newState.profiles[current], into: &newState)
            }
            newState.profiles[index].state = .enabled
            try recordNotification(.notificationEnable, for: newState.profiles[index], into: &newState)
            try commit(newState)
        } catch {
            return EnableProfileResponse(enableResult: .undefinedError)
        }
        return EnableProfileResponse(enableResult: .ok)
    }

    /// ES10c.DisableProfile (SGP.22 §5.7.17, §3.2.2): refused when the profile is not enabled, or when
    /// its PPR1 forbids disabling it (disallowedByPolicy).
    public func disableProfile(_ request: DisableProfileRequest) -> DisableProfileResponse {
        guard let index = state.profiles.firstIndex(where: { $0.identified(by: request.profileIdentifier) }) else {
            return DisableProfileResponse(disableResult: .iccidOrAidNotFound)
        }
        guard state.profiles[index].state == .enabled else {
            return DisableProfileResponse(disableResult: .profileNotInEnabledState)
        }
        guard !state.profiles[index].disablingNotAllowed else {
            return DisableProfileResponse(disableResult: .disallowedByPolicy)
        }
        var newState = state
        newState.profiles[index].state = .disabled
        do {
            try recordNotification(.notificationDisable, for: newState.profiles[index], into: &newState)
            try commit(newState)
        } catch {
            return DisableProfileResponse(disableResult: .undefinedError)
        }
        return DisableProfileResponse(disableResult: .ok)
    }

    /// ES10c.DeleteProfile (SGP.22 §5.7.18, §3.2.3): only a disabled profile may be deleted, and not
    /// when its PPR2 forbids it (disallowedByPolicy). The ISD-P and everything in it go.
    public func deleteProfile(_ request: DeleteProfileRequest) -> DeleteProfileResponse {
        let identifier: ProfileIdentifier
        switch request {
        case .isdpAid(let aid): identifier = .isdpAid(aid)
        case .iccid(let iccid): identifier = .iccid(iccid)
        }
        guard let index = state.profiles.firstIndex(where: { $0.identified(by: identifier) }) else {
            return DeleteProfileResponse(deleteResult: .iccidOrAidNotFound)
        }
        let profile = state.profiles[index]
        guard profile.state == .disabled else { return DeleteProfileResponse(deleteResult: .profileNotInDisabledState) }
        guard !profile.deletionNotAllowed else { return DeleteProfileResponse(deleteResult: .disallowedByPolicy) }
        var newState = state
        newState.profiles.remove(at: index)
        do {
            try recordNotification(.notificationDelete, for: profile, into: &newState)
            try commit(newState)
        } catch {
            return DeleteProfileResponse(deleteResult: .undefinedError)
        }
        return DeleteProfileResponse(deleteResult: .ok)
    }

    /// ES10c.SetNickname (SGP.22 §5.7.21): the end user's name for a profile.
    public func setNickname(_ request: SetNicknameRequest) -> SetNicknameResponse {
        guard let index = state.profiles.firstIndex(where: { $0.iccid == request.iccid }) else {
            return SetNicknameResponse(setNicknameResult: .iccidNotFound)
        }
        guard request.profileNickname.utf8.count <= 64 else { return SetNicknameResponse(setNicknameResult: .undefinedError) }
        var newState = state
        newState.profiles[index].nickname = request.profileNickname
        do { try commit(newState) } catch {
            return SetNicknameResponse(setNicknameResult: .undefinedError)
        }
        return SetNicknameResponse(setNicknameResult: .ok)
    }

    /// ES10c.EUICCMemoryReset (SGP.22 §5.7.19): deletes operational and/or field-loaded test profiles
    /// and/or the default SM-DP+ address, as the options say (PPRs do not apply); nothingToDelete when
    /// there was nothing to do.
    public func euiccMemoryReset(_ request: EuiccMemoryResetRequest) -> EuiccMemoryResetResponse {
        let options = request.resetOptions
        var newState = state
        newState.profiles.removeAll { profile in
            (options.contains(EuiccMemoryResetOption.deleteOperationalProfiles) && profile.profileClass == .operational)
                || (options.contains(EuiccMemoryResetOption.deleteFieldLoadedTestProfiles) && profile.profileClass == .test)
        }
        if options.contains(EuiccMemoryResetOption.resetDefaultSmdpAddress) {
            newState.defaultDpAddress = configuration.initialDefaultDpAddress
        }
        guard newState != state else { return EuiccMemoryResetResponse(resetResult: .nothingToDelete) }
        do { try commit(newState) } catch {
            return EuiccMemoryResetResponse(resetResult: .undefinedError)
        }
        return EuiccMemoryResetResponse(resetResult: .ok)
    }

    /// ES10c.GetEID (SGP.22 §5.7.20): the EID, for the only tagList SGP.22 defines ('5A').
    public func getEID(_ request: GetEuiccDataRequest) throws(GetEIDRefusal) -> GetEuiccDataResponse {
        guard request.tagList.bytes == [0x5A] else { throw GetEIDRefusal() }
        return GetEuiccDataResponse(eidValue: OctetString(identity.eid.bytes))
    }

    /// ES10b.GetRAT (SGP.22 §5.7.22): the Rules Authorisation Table.
    public func getRAT() -> GetRatResponse {
        GetRatResponse(rat: configuration.rulesAuthorisationTable)
    }
}

/// GetEID with a tagList other than '5A'.
public struct GetEIDRefusal: Error, Hashable, Sendable {}

/// The named bits of EuiccMemoryResetRequest.resetOptions (SGP.22 §5.7.19).
public enum EuiccMemoryResetOption {
    public static let deleteOperationalProfiles = 0
    public static let deleteFieldLoadedTestProfiles = 1
    public static let resetDefaultSmdpAddress = 2
}
