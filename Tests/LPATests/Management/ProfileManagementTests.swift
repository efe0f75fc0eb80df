import LPA
import RSPCore
import Testing

@Suite("Local profile management (SGP.22 §3.2)")
struct ProfileManagementTests {
    let iccid: ICCID

    init() throws {
        iccid = try RecordedSession().authenticateClient.profileMetaData.iccid
    }

    func rig() async throws -> (LocalProfileAssistant, FakeEUICCCard, FakeES9PlusServer) {
        let session = try RecordedSession()
        let log = CallLog()
        let card = FakeEUICCCard(log: log)
        let server = FakeES9PlusServer(session: session, log: log)
        await card.on(43) { _ in DownloadRig.der(RetrieveNotificationsListResponse.notificationList([])) }
        let lpa = LocalProfileAssistant(es10: ES10Client(transport: card), deviceInfo: DownloadRig.deviceInfo) { _ in server }
        return (lpa, card, server)
    }

    @Test("enable sends EnableProfile by ICCID and then the pending notifications")
    func enable() async throws {
        let (lpa, card, _) = try await rig()
        await card.on(49) { _ in DownloadRig.der(EnableProfileResponse(enableResult: .ok)) }
        let result = try await lpa.enable(iccid: iccid)
        #expect(result.operation == .notificationEnable)
        let request = try EnableProfileRequest(derBytes: try #require(await card.commands[49]?.first))
        #expect(request.profileIdentifier == .iccid(iccid))
        #expect(request.refreshFlag)
        #expect(await card.log.entries == ["ES10c.EnableProfile", "ES10b.RetrieveNotificationsList"])
    }

    @Test("a refused enable/disable/delete throws the eUICC's result code and sends nothing")
    func refused() async throws {
        let (lpa, card, _) = try await rig()
        await card.on(49) { _ in DownloadRig.der(EnableProfileResponse(enableResult: .profileNotInDisabledState)) }
        await card.on(50) { _ in DownloadRig.der(DisableProfileResponse(disableResult: .disallowedByPolicy)) }
        await card.on(51) { _ in DownloadRig.der(DeleteProfileResponse(deleteResult: .iccidOrAidNotFound)) }
        await #expect { _ = try await lpa.enable(iccid: iccid) } throws: { error in
            if case LPAError.es10(let code) = error { return code.name == "profileNotInDisabledState" }
            return false
        }
        await #expect { _ = try await lpa.disable(iccid: iccid) } throws: { error in
            if case LPAError.es10(let code) = error { return code.name == "disallowedByPolicy" }
            return false
        }
        await #expect { _ = try await lpa.delete(iccid: iccid) } throws: { error in
            if case LPAError.es10(let code) = error { return code.function == .deleteProfile && code.code == 1 }
            return false
        }
        #expect(await card.commands[43] == nil)
    }

    @Test("info reads the EID (with valid check digits), EUICCInfo2 is requested and a bad EID is refused")
    func info() async throws {
        let (lpa, card, _) = try await rig()
        let eid = try EID(digitsWithoutCheckDigits: "890490321234512345123456789012")
        await card.on(62) { _ in DownloadRig.der(GetEuiccDataResponse(eidValue: OctetString(eid.bytes))) }
        await card.on(60) { _ in DownloadRig.der(EuiccConfiguredAddressesResponse(defaultDpAddress: nil, rootDsAddress: "lpa.ds.gsma.com")) }
        await card.on(34) { _ in [] }
        // GetEUICCInfo2 answered with nothing: a typed error after the EID was read.
        await #expect { _ = try await lpa.info() } throws: { error in
            if case LPAError.unexpectedResponse(let function, _) = error { return function == "ES10b.GetEUICCInfo2" }
            return false
        }
        await card.on(62) { _ in DownloadRig.der(GetEuiccDataResponse(eidValue: OctetString([UInt8](repeating: 0x11, count: 16)))) }
        await #expect { _ = try await lpa.info() } throws: { error in
            if case LPAError.unexpectedResponse(let function, _) = error { return function == "ES10c.GetEID" }
            return false
        }
    }

    @Test("nicknames over 64 characters are refused before reaching the eUICC")
    func nickname() async throws {
        let (lpa, card, _) = try await rig()
        await card.on(41) { _ in DownloadRig.der(SetNicknameResponse(setNicknameResult: .ok)) }
        try await lpa.setNickname(iccid: iccid, nickname: "Travel")
        await #expect { try await lpa.setNickname(iccid: iccid, nickname: String(repeating: "x", count: 65)) } throws: { error in
            if case LPAError.invalidRequest = error { return true }
            return false
        }
        #expect(await card.commands[41]?.count == 1)
    }

    @Test("memory reset sends the chosen option bits; nothingToDelete is a success")
    func memoryReset() async throws {
        let (lpa, card, _) = try await rig()
        await card.on(52) { _ in DownloadRig.der(EuiccMemoryResetResponse(resetResult: .nothingToDelete)) }
        let result = try await lpa.memoryReset(options: [.deleteOperationalProfiles, .resetDefaultSmdpAddress])
        #expect(result == .nothingToDelete)
        let request = try EuiccMemoryResetRequest(derBytes: try #require(await card.commands[52]?.first))
        #expect(request.resetOptions.setBits == [0, 2])
    }

    @Test("profiles() returns the list and maps a list error to a typed error")
    func profiles() async throws {
        let (lpa, card, _) = try await rig()
        let info = ProfileInfo(iccid: iccid, profileState: .enabled, profileName: "Test", profileClass: .operational)
        await card.on(45) { _ in DownloadRig.der(ProfileInfoListResponse.profileInfoListOk([info])) }
        #expect(try await lpa.profiles() == [info])
        await card.on(45) { _ in DownloadRig.der(ProfileInfoListResponse.profileInfoListError(.incorrectInputValues)) }
        await #expect(throws: LPAError.es10(ES10FunctionError(.getProfilesInfo, ProfileInfoListError.incorrectInputValues))) {
            _ = try await lpa.profiles()
        }
    }
}
