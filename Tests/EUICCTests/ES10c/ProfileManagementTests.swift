import RSPCore
import RSPCrypto
import Testing

@testable import EUICC

@Suite("ES10c profile management: one enabled profile, PPRs enforced, notifications as configured")
struct ProfileManagementTests {
    static let rat = [ProfilePolicyAuthorisationRule(
        pprIds: BitString(bits: [PprIdsBit.ppr1, PprIdsBit.ppr2]), allowedOperators: [OperatorID(mccMnc: [0xEE, 0xEE, 0xEE])],
        pprFlags: BitString(bits: []))]

    func fixtureWithTwoProfiles(pprs: [Int] = [], notify: [NotificationEvent] = NotificationEvent.allCases) async throws -> EUICCFixture {
        let fixture = try EUICCFixture(configuration: EUICCConfiguration(rulesAuthorisationTable: Self.rat))
        let owner = try OperatorID(mcc: "001", mnc: "01")
        try await fixture.install(fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(1), pprs: pprs, owner: owner, notify: notify))
        try await fixture.install(fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(2), notify: notify))
        for notification in await fixture.isdr.state.notifications {
            _ = await fixture.isdr.removeNotificationFromList(NotificationSentRequest(seqNumber: notification.seqNumber))
        }
        return fixture
    }

    func states(_ fixture: EUICCFixture) async -> [ProfileState] { await fixture.isdr.state.profiles.map(\.state) }

    @Test("enabling a profile disables the enabled one; each change yields a signed notification")
    func enableSwitches() async throws {
        let fixture = try await fixtureWithTwoProfiles()
        let first = ProfileIdentifier.iccid(try ProfileFixtures.iccid(1))
        let second = ProfileIdentifier.isdpAid(OctetString(await fixture.isdr.state.profiles[1].aid))
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: first, refreshFlag: false)).enableResult == .ok)
        #expect(await states(fixture) == [.enabled, .disabled])
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: first, refreshFlag: false)).enableResult == .profileNotInDisabledState)
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: second, refreshFlag: true)).enableResult == .ok)
        #expect(await states(fixture) == [.disabled, .enabled])

        let notifications = await fixture.isdr.state.notifications
        #expect(notifications.map { $0.metadata.profileManagementOperation.notificationEvents } == [
            [.notificationEnable], [.notificationDisable], [.notificationEnable],
        ])
        #expect(Set(notifications.map(\.seqNumber)).count == 3)
        for notification in notifications {
            guard case .otherSignedNotification(let other) = notification.notification else {
                Issue.record("not an OtherSignedNotification")
                continue
            }
            try RSPSignature(rawRepresentation: other.euiccNotificationSignature.bytes)
                .verify(other.tbsOtherNotification.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
            #expect(other.tbsOtherNotification.value.notificationAddress == fixture.smdp.address)
        }
    }

    @Test("disable and delete follow the states; unknown profiles are reported")
    func disableAndDelete() async throws {
        let fixture = try await fixtureWithTwoProfiles()
        let first = ProfileIdentifier.iccid(try ProfileFixtures.iccid(1))
        #expect(await fixture.isdr.disableProfile(DisableProfileRequest(profileIdentifier: first, refreshFlag: false)).disableResult == .profileNotInEnabledState)
        _ = await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: first, refreshFlag: false))
        #expect(await fixture.isdr.deleteProfile(.iccid(try ProfileFixtures.iccid(1))).deleteResult == .profileNotInDisabledState)
        #expect(await fixture.isdr.disableProfile(DisableProfileRequest(profileIdentifier: first, refreshFlag: false)).disableResult == .ok)
        #expect(await fixture.isdr.deleteProfile(.iccid(try ProfileFixtures.iccid(1))).deleteResult == .ok)
        #expect(await fixture.isdr.state.profiles.map(\.iccid) == [try ProfileFixtures.iccid(2)])
        #expect(await fixture.isdr.deleteProfile(.iccid(try ProfileFixtures.iccid(1))).deleteResult == .iccidOrAidNotFound)
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: first, refreshFlag: false)).enableResult == .iccidOrAidNotFound)
        let events = await fixture.isdr.state.notifications.map { $0.metadata.profileManagementOperation.notificationEvents }
        #expect(events == [[.notificationEnable], [.notificationDisable], [.notificationDelete]])
        #expect(await fixture.isdr.state.notifications.last?.metadata.iccid == (try ProfileFixtures.iccid(1)))
    }

    @Test("PPR1 forbids disabling the profile, directly or by enabling another: disallowedByPolicy")
    func ppr1() async throws {
        let fixture = try await fixtureWithTwoProfiles(pprs: [PprIdsBit.ppr1])
        let first = ProfileIdentifier.iccid(try ProfileFixtures.iccid(1))
        let second = ProfileIdentifier.iccid(try ProfileFixtures.iccid(2))
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: first, refreshFlag: false)).enableResult == .ok)
        #expect(await fixture.isdr.disableProfile(DisableProfileRequest(profileIdentifier: first, refreshFlag: false)).disableResult == .disallowedByPolicy)
        #expect(await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: second, refreshFlag: false)).enableResult == .disallowedByPolicy)
        #expect(await states(fixture) == [.enabled, .disabled])
    }

    @Test("PPR2 forbids deleting the profile: disallowedByPolicy")
    func ppr2() async throws {
        let fixture = try await fixtureWithTwoProfiles(pprs: [PprIdsBit.ppr2])
        #expect(await fixture.isdr.deleteProfile(.iccid(try ProfileFixtures.iccid(1))).deleteResult == .disallowedByPolicy)
        #expect(await fixture.isdr.state.profiles.count == 2)
    }

    @Test("no notification is made for an operation the profile's configuration does not list")
    func notificationsOnlyWhenConfigured() async throws {
        let fixture = try await fixtureWithTwoProfiles(notify: [.notificationDelete])
        _ = await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: .iccid(try ProfileFixtures.iccid(1)), refreshFlag: false))
        _ = await fixture.isdr.disableProfile(DisableProfileRequest(profileIdentifier: .iccid(try ProfileFixtures.iccid(1)), refreshFlag: false))
        #expect(await fixture.isdr.state.notifications.isEmpty)
        _ = await fixture.isdr.deleteProfile(.iccid(try ProfileFixtures.iccid(1)))
        #expect(await fixture.isdr.state.notifications.map { $0.metadata.profileManagementOperation.notificationEvents } == [[.notificationDelete]])
    }

    @Test("notifications are listed, retrieved by seqNumber or operation, and removed once sent")
    func notificationList() async throws {
        let fixture = try await fixtureWithTwoProfiles()
        _ = await fixture.isdr.enableProfile(EnableProfileRequest(profileIdentifier: .iccid(try ProfileFixtures.iccid(1)), refreshFlag: false))
        _ = await fixture.isdr.disableProfile(DisableProfileRequest(profileIdentifier: .iccid(try ProfileFixtures.iccid(1)), refreshFlag: false))
        guard case .notificationMetadataList(let all) = await fixture.isdr.listNotification(ListNotificationRequest()) else {
            Issue.record("list failed")
            return
        }
        #expect(all.count == 2)
        guard case .notificationMetadataList(let disables) = await fixture.isdr.listNotification(
            ListNotificationRequest(profileManagementOperation: NotificationEvent.notificationDisable.bitString))
        else { return }
        #expect(disables.map(\.seqNumber) == [all[1].seqNumber])
        guard case .notificationList(let one) = await fixture.isdr.retrieveNotificationsList(
            RetrieveNotificationsListRequest(searchCriteria: .seqNumber(all[0].seqNumber)))
        else {
            Issue.record("retrieve failed")
            return
        }
        #expect(one.count == 1)
        #expect(await fixture.isdr.retrieveNotificationsList(RetrieveNotificationsListRequest(searchCriteria: .seqNumber(999)))
            == .notificationsListResultError(.noResultAvailable))
        #expect(await fixture.isdr.removeNotificationFromList(NotificationSentRequest(seqNumber: all[0].seqNumber)).deleteNotificationStatus == .ok)
        #expect(await fixture.isdr.removeNotificationFromList(NotificationSentRequest(seqNumber: all[0].seqNumber)).deleteNotificationStatus == .nothingToDelete)
        #expect(await fixture.isdr.state.notifications.map(\.seqNumber) == [all[1].seqNumber])
    }

    @Test("SetNickname names an installed profile; an unknown ICCID is reported")
    func nickname() async throws {
        let fixture = try await fixtureWithTwoProfiles()
        #expect(await fixture.isdr.setNickname(SetNicknameRequest(iccid: try ProfileFixtures.iccid(2), profileNickname: "Work")).setNicknameResult == .ok)
        #expect(await fixture.isdr.state.profiles[1].nickname == "Work")
        #expect(await fixture.isdr.setNickname(SetNicknameRequest(iccid: try ProfileFixtures.iccid(9), profileNickname: "x")).setNicknameResult == .iccidNotFound)
    }

    @Test("EuiccMemoryReset deletes what its options name, PPRs notwithstanding; then there is nothing to delete")
    func memoryReset() async throws {
        let fixture = try await fixtureWithTwoProfiles(pprs: [PprIdsBit.ppr2])
        _ = await fixture.isdr.setDefaultDpAddress(SetDefaultDpAddressRequest(defaultDpAddress: "dp.example.com"))
        #expect(await fixture.isdr.euiccMemoryReset(EuiccMemoryResetRequest(
            resetOptions: BitString(bits: [EuiccMemoryResetOption.deleteFieldLoadedTestProfiles]))).resetResult == .nothingToDelete)
        #expect(await fixture.isdr.euiccMemoryReset(EuiccMemoryResetRequest(
            resetOptions: BitString(bits: [EuiccMemoryResetOption.deleteOperationalProfiles, EuiccMemoryResetOption.resetDefaultSmdpAddress])))
            .resetResult == .ok)
        #expect(await fixture.isdr.state.profiles.isEmpty)
        #expect(await fixture.isdr.getEuiccConfiguredAddresses().defaultDpAddress == nil)
    }

    @Test("GetEID answers the EID for tagList '5A' only; GetRAT answers the configured table")
    func eidAndRAT() async throws {
        let fixture = try await fixtureWithTwoProfiles()
        #expect(try await fixture.isdr.getEID(GetEuiccDataRequest(tagList: [0x5A])).eidValue.bytes == fixture.identity.eid.bytes)
        await #expect(throws: GetEIDRefusal.self) { try await fixture.isdr.getEID(GetEuiccDataRequest(tagList: [0x4F])) }
        #expect(await fixture.isdr.getRAT().rat == Self.rat)
        #expect(try await EUICCFixture().isdr.getRAT().rat.isEmpty)
    }
}
