import RSPCore
import RSPCrypto
import Testing

@testable import EUICC

@Suite("ES10c.GetProfilesInfo searches profiles and returns the fields the tag list names")
struct GetProfilesInfoTests {
    func fixture() async throws -> EUICCFixture {
        let fixture = try EUICCFixture()
        try await fixture.install(fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(1), name: "One"))
        try await fixture.install(fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(2), name: "Two", profileClass: .test))
        return fixture
    }

    func list(_ fixture: EUICCFixture, _ request: ProfileInfoListRequest) async throws -> [ProfileInfo] {
        guard case .profileInfoListOk(let list) = await fixture.isdr.getProfilesInfo(request) else {
            throw FixtureError.unexpected("GetProfilesInfo failed")
        }
        return list
    }

    @Test("without a tag list every field is returned")
    func allFields() async throws {
        let fixture = try await fixture()
        let list = try await list(fixture, ProfileInfoListRequest())
        #expect(list.map(\.profileName) == ["One", "Two"])
        #expect(list[0].isdpAid?.hex == "A0000005591010FFFFFFFF8900001000")
        #expect(list[1].isdpAid?.hex == "A0000005591010FFFFFFFF8900001001")
        #expect(list[0].profileState == .disabled)
        #expect(list[0].serviceProviderName == "OpenRSP SP")
        #expect(list[1].profileClass == .test)
        #expect(list[0].notificationConfigurationInfo?.count == 4)
        #expect(list[0].dpProprietaryData?.dpOid == RSPOIDs.testSMDPRegisteredID)
    }

    @Test("a tag list '5A 9F70' returns only ICCID and state")
    func tagList() async throws {
        let fixture = try await fixture()
        let list = try await list(fixture, ProfileInfoListRequest(tagList: [0x5A, 0x9F, 0x70]))
        #expect(list.map(\.iccid) == [try ProfileFixtures.iccid(1), try ProfileFixtures.iccid(2)])
        #expect(list.allSatisfy { $0.profileState == .disabled && $0.isdpAid == nil && $0.profileName == nil && $0.serviceProviderName == nil })
        #expect(list.allSatisfy { $0.notificationConfigurationInfo == nil && $0.dpProprietaryData == nil })
    }

    @Test("a tag list '92 4F' returns name and AID; encoded, each ProfileInfo holds just those TLVs")
    func tagListEncoding() async throws {
        let fixture = try await fixture()
        let response = await fixture.isdr.getProfilesInfo(ProfileInfoListRequest(tagList: [0x92, 0x4F]))
        guard case .profileInfoListOk(let list) = response else { return }
        #expect(list[0].iccid == nil)
        #expect(list[0].profileName == "One")
        let der = try list[0].derEncoded()
        #expect(der == [0xE3, UInt8(der.count - 2), 0x4F, 0x10] + (await fixture.isdr.state.profiles[0].aid) + [0x92, 0x03] + Array("One".utf8))
    }

    @Test("search by ICCID, by AID and by class selects the matching profiles")
    func search() async throws {
        let fixture = try await fixture()
        #expect(try await list(fixture, ProfileInfoListRequest(searchCriteria: .iccid(try ProfileFixtures.iccid(2)))).map(\.profileName) == ["Two"])
        let aid = await fixture.isdr.state.profiles[0].aid
        #expect(try await list(fixture, ProfileInfoListRequest(searchCriteria: .isdpAid(OctetString(aid)))).map(\.profileName) == ["One"])
        #expect(try await list(fixture, ProfileInfoListRequest(searchCriteria: .profileClass(.test))).map(\.profileName) == ["Two"])
        #expect(try await list(fixture, ProfileInfoListRequest(searchCriteria: .iccid(try ProfileFixtures.iccid(7)))).isEmpty)
    }

    @Test("a tag list with a cut-off multi-byte tag is refused: incorrectInputValues")
    func brokenTagList() async throws {
        let fixture = try await fixture()
        #expect(await fixture.isdr.getProfilesInfo(ProfileInfoListRequest(tagList: [0x5A, 0x9F])) == .profileInfoListError(.incorrectInputValues))
    }
}
