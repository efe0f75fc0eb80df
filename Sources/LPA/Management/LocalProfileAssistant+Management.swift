import RSPCore

/// Local profile management (SGP.22 §3.2) and eUICC information.
extension LocalProfileAssistant {
    /// The EID, EUICCInfo2, configured addresses and EUICCInfo1 with the supported SGP.22
    /// versions and features (ES10c.GetEID, ES10b.GetEUICCInfo2, ES10a.GetEuiccConfiguredAddresses,
    /// ES10b.GetEUICCInfo1).
    public func info() async throws(LPAError) -> EUICCInformation {
        let eidValue = try await es10.getEID().eidValue
        let eid: EID
        do {
            eid = try EID(bytes: eidValue.bytes)
        } catch {
            throw .unexpectedResponse(function: ES10Function.getEID.rawValue, reason: "\(error)")
        }
        let info2 = try await es10.getEUICCInfo2()
        let addresses = try await es10.getEuiccConfiguredAddresses()
        let info1 = try await es10.getEUICCInfo1()
        return EUICCInformation(eid: eid, euiccInfo2: info2, configuredAddresses: addresses, euiccInfo1: info1)
    }

    /// ES10c.GetProfilesInfo (§3.2.4): every installed profile.
    public func profiles() async throws(LPAError) -> [ProfileInfo] {
        switch try await es10.getProfilesInfo() {
        case .profileInfoListOk(let list): return list
        case .profileInfoListError(let error): throw .es10(ES10FunctionError(.getProfilesInfo, error))
        }
    }

    /// ES10c.EnableProfile (§3.2.1), then the resulting notifications.
    public func enable(iccid: ICCID, refresh: Bool = true) async throws(LPAError) -> ProfileOperationResult {
        let response = try await es10.enableProfile(.iccid(iccid), refreshFlag: refresh)
        guard response.enableResult == .ok else {
            throw .es10(ES10FunctionError(.enableProfile, response.enableResult, detail: "ICCID \(iccid)"))
        }
        return ProfileOperationResult(
            iccid: iccid, operation: .notificationEnable, notifications: await sendPendingNotifications())
    }

    /// ES10c.DisableProfile (§3.2.2), then the resulting notifications.
    public func disable(iccid: ICCID, refresh: Bool = true) async throws(LPAError) -> ProfileOperationResult {
        let response = try await es10.disableProfile(.iccid(iccid), refreshFlag: refresh)
        guard response.disableResult == .ok else {
            throw .es10(ES10FunctionError(.disableProfile, response.disableResult, detail: "ICCID \(iccid)"))
        }
        return ProfileOperationResult(
            iccid: iccid, operation: .notificationDisable, notifications: await sendPendingNotifications())
    }

    /// ES10c.DeleteProfile (§3.2.3), then the resulting notifications.
    public func delete(iccid: ICCID) async throws(LPAError) -> ProfileOperationResult {
        let response = try await es10.deleteProfile(.iccid(iccid))
        guard response.deleteResult == .ok else {
            throw .es10(ES10FunctionError(.deleteProfile, response.deleteResult, detail: "ICCID \(iccid)"))
        }
        return ProfileOperationResult(
            iccid: iccid, operation: .notificationDelete, notifications: await sendPendingNotifications())
    }

    /// ES10c.SetNickname (§3.2.6). SGP.22 limits a nickname to 64 characters.
    public func setNickname(iccid: ICCID, nickname: String) async throws(LPAError) {
        guard nickname.count <= 64 else {
            throw .invalidRequest(
                function: ES10Function.setNickname.rawValue, reason: "a nickname has at most 64 characters")
        }
        let response = try await es10.setNickname(iccid: iccid, nickname: nickname)
        guard response.setNicknameResult == .ok else {
            throw .es10(ES10FunctionError(.setNickname, response.setNicknameResult, detail: "ICCID \(iccid)"))
        }
    }

    /// ES10a.SetDefaultDpAddress (§5.7.4); an empty address removes the default.
    public func setDefaultSMDPAddress(_ address: String) async throws(LPAError) {
        let response = try await es10.setDefaultDpAddress(address)
        guard response.setDefaultDpAddressResult == .ok else {
            throw .es10(ES10FunctionError(.setDefaultDpAddress, response.setDefaultDpAddressResult))
        }
    }

    /// ES10c.eUICCMemoryReset (§3.2.7). `nothingToDelete` is a success too.
    @discardableResult
    public func memoryReset(options: MemoryResetOptions) async throws(LPAError) -> EuiccMemoryResetResponse.ResetResult {
        guard !options.isEmpty else {
            throw .invalidRequest(function: ES10Function.euiccMemoryReset.rawValue, reason: "no reset option chosen")
        }
        let result = try await es10.euiccMemoryReset(resetOptions: options.bitString).resetResult
        guard result == .ok || result == .nothingToDelete else {
            throw .es10(ES10FunctionError(.euiccMemoryReset, result))
        }
        return result
    }

    /// After an operation succeeded, its notifications are sent; a failure to read them is
    /// reported, not thrown: the operation itself is done.
    func sendPendingNotifications() async -> NotificationReport {
        do {
            return try await processNotifications()
        } catch {
            logger.notice("pending notifications not sent", metadata: ["error": "\(error)"])
            return NotificationReport(retrievalError: error)
        }
    }
}
