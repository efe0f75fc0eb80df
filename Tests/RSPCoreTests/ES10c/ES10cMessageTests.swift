import Foundation
import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// Encodes `value`, compares with `expected`, decodes back, and checks that a truncated encoding throws.
private func expectRoundTrip<T: DERImplicitlyTaggable & Equatable>(
    _ value: T, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let der = try hex(expected)
    #expect(try value.derEncoded() == der, sourceLocation: sourceLocation)
    #expect(try T(derBytes: der) == value, sourceLocation: sourceLocation)
    #expect(throws: ASN1Error.self, sourceLocation: sourceLocation) { try T(derBytes: der.dropLast()) }
}

/// ICCID 89 49 44 99 99 99 99 90 17 1F as coded in EF.ICCID.
private let iccidHex = "989444999999990971f1"
private let aidHex = "a0000005591010ffffffff8900001000"

private func iccid() throws -> ICCID { try ICCID(bcd: hex(iccidHex)) }

@Suite("ES10c messages")
struct ES10cMessageTests {
    // MARK: Enable / Disable / Delete

    @Test("EnableProfileRequest wraps the profile identifier CHOICE in an explicit 'A0' and tags refreshFlag '81'")
    func enableByIccid() throws {
        try expectRoundTrip(
            EnableProfileRequest(profileIdentifier: .iccid(try iccid()), refreshFlag: true),
            "BF3111A00C5A0A989444999999990971F18101FF")
    }

    @Test("EnableProfileRequest by ISD-P AID uses '4F' inside 'A0'")
    func enableByAid() throws {
        try expectRoundTrip(
            EnableProfileRequest(profileIdentifier: .isdpAid(OctetString(try hex(aidHex))), refreshFlag: false),
            "bf3117 a012 4f10 \(aidHex) 810100")
    }

    @Test("EnableProfileRequest without the explicit 'A0' wrapper is rejected")
    func enableWithoutWrapper() throws {
        #expect(throws: ASN1Error.self) { try EnableProfileRequest(derBytes: hex("bf310f 5a0a \(iccidHex) 8101ff")) }
    }

    @Test("EnableProfileRequest with an ISD-P AID longer than 16 bytes is rejected")
    func enableAidTooLong() throws {
        #expect(throws: ASN1Error.self) {
            try EnableProfileRequest(derBytes: hex("bf3118 a013 4f11 \(aidHex)00 810100"))
        }
    }

    @Test("DisableProfileRequest has the same shape under 'BF32'")
    func disable() throws {
        try expectRoundTrip(
            DisableProfileRequest(profileIdentifier: .iccid(try iccid()), refreshFlag: true),
            "bf3211 a00c 5a0a \(iccidHex) 8101ff")
    }

    @Test("Enable, Disable, Delete and MemoryReset responses carry their result as '80'")
    func resultResponses() throws {
        try expectRoundTrip(EnableProfileResponse(enableResult: .ok), "bf3103 800100")
        try expectRoundTrip(EnableProfileResponse(enableResult: .disallowedByPolicy), "bf3103 800103")
        try expectRoundTrip(EnableProfileResponse(enableResult: .wrongProfileReenabling), "bf3103 800104")
        try expectRoundTrip(DisableProfileResponse(disableResult: .profileNotInEnabledState), "bf3203 800102")
        try expectRoundTrip(DeleteProfileResponse(deleteResult: .iccidOrAidNotFound), "bf3303 800101")
        try expectRoundTrip(EuiccMemoryResetResponse(resetResult: .nothingToDelete), "bf3403 800101")
        try expectRoundTrip(SetNicknameResponse(setNicknameResult: .iccidNotFound), "bf2903 800101")
        #expect(EnableProfileResponse.EnableResult.undefinedError.description == "undefinedError(127)")
    }

    @Test("DeleteProfileRequest pairs with DeleteProfileResponse under 'BF33'")
    func delete() throws {
        let request = DeleteProfileRequest.iccid(try iccid())
        #expect(try request.derEncoded() == hex("bf330c 5a0a \(iccidHex)"))
        try expectRoundTrip(DeleteProfileResponse(deleteResult: .ok), "bf3303 800100")
    }

    // MARK: GetProfilesInfo

    @Test("ProfileInfoListRequest with only a tag list is 'BF2D 06 5C 04 5A 90 91 92'")
    func profileInfoListRequestTagList() throws {
        try expectRoundTrip(ProfileInfoListRequest(tagList: [0x5A, 0x90, 0x91, 0x92]), "BF2D065C045A909192")
        try expectRoundTrip(ProfileInfoListRequest(), "bf2d00")
    }

    @Test("ProfileInfoListRequest search criteria sit in an explicit 'A0'")
    func profileInfoListRequestSearch() throws {
        try expectRoundTrip(
            ProfileInfoListRequest(searchCriteria: .profileClass(.operational), tagList: [0x5A]),
            "bf2d08 a003 950102 5c015a")
        try expectRoundTrip(ProfileInfoListRequest(searchCriteria: .iccid(try iccid())), "bf2d0e a00c 5a0a \(iccidHex)")
        try expectRoundTrip(
            ProfileInfoListRequest(searchCriteria: .isdpAid(OctetString(try hex(aidHex)))), "bf2d14 a012 4f10 \(aidHex)")
    }

    @Test("ProfileInfoListRequest with an unknown search criterion is rejected")
    func profileInfoListRequestUnknownCriterion() throws {
        #expect(throws: ASN1Error.self) { try ProfileInfoListRequest(derBytes: hex("bf2d05 a003 960102")) }
    }

    @Test("ProfileInfoListResponse lists ProfileInfo 'E3' under 'A0' and omits the DEFAULT operational class")
    func profileInfoListOk() throws {
        let info = ProfileInfo(iccid: try iccid(), profileState: .enabled, profileClass: .operational)
        try expectRoundTrip(
            ProfileInfoListResponse.profileInfoListOk([info]),
            "BF2D14A012E3105A0A989444999999990971F19F700101")
        try expectRoundTrip(ProfileInfoListResponse.profileInfoListOk([]), "bf2d02 a000")
    }

    @Test("ProfileInfoListResponse error is '81'")
    func profileInfoListError() throws {
        try expectRoundTrip(ProfileInfoListResponse.profileInfoListError(.incorrectInputValues), "bf2d03 810101")
    }

    @Test("ProfileInfo with every field encodes them in order with their written tags")
    func profileInfoFull() throws {
        let info = ProfileInfo(
            iccid: try iccid(),
            isdpAid: OctetString(try hex(aidHex)),
            profileState: .disabled,
            profileNickname: "Work",
            serviceProviderName: "OsmocomSPN",
            profileName: "Test profile",
            iconType: .png,
            icon: [0x89, 0x50, 0x4E, 0x47],
            profileClass: .test,
            notificationConfigurationInfo: [
                NotificationConfigurationInformation(
                    profileManagementOperation: BitString(bits: [1]), notificationAddress: "smdp.example.com")
            ],
            profileOwner: OperatorID(mccMnc: [0x12, 0xF3, 0x45], gid1: [0x01]),
            dpProprietaryData: DpProprietaryData(dpOid: [2, 999, 10]),
            profilePolicyRules: BitString(bits: [1]))
        // Reference encoding produced by pycrate from the spec module.
        try expectRoundTrip(
            info,
            """
            E37D5A0A989444999999990971F14F10A0000005591010FFFFFFFF89000010009F7001009004576F726B910A4F736D6F636F6D53504E\
            920C546573742070726F66696C65930101940489504E47950100B6183016800206408110736D64702E6578616D706C652E636F6D\
            B708800312F345810101B805800388370A99020640
            """)
    }

    @Test("ProfileInfo without profileClass decodes as operational; an explicit operational is dropped on re-encoding")
    func profileInfoDefaultClass() throws {
        let absent = try ProfileInfo(derBytes: hex("e30c 5a0a \(iccidHex)"))
        #expect(absent.profileClass == .operational)
        let explicit = try ProfileInfo(derBytes: hex("e30f 5a0a \(iccidHex) 950102"))
        #expect(explicit == absent)
        #expect(try explicit.derEncoded() == hex("e30c 5a0a \(iccidHex)"))
    }

    @Test("ProfileInfo from a newer eUICC with unknown trailing fields still decodes")
    func profileInfoExtension() throws {
        let info = try ProfileInfo(derBytes: hex("e314 5a0a \(iccidHex) 9f700101 9f7f0100"))
        #expect(info.profileState == .enabled)
    }

    @Test("ProfileInfo renders as JSON with the spec's property names")
    func profileInfoJSON() throws {
        let info = ProfileInfo(iccid: try iccid(), profileState: .enabled, profileNickname: "Work")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(info), as: UTF8.self)
        #expect(json.contains("\"iccid\":\"8949449999999990171F\""))
        #expect(json.contains("\"profileNickname\":\"Work\""))
        #expect(json.contains("\"profileClass\""))
    }

    // MARK: Nickname, memory reset, EID, RAT

    @Test("SetNicknameRequest carries the ICCID '5A' and the nickname '90'")
    func setNickname() throws {
        try expectRoundTrip(
            SetNicknameRequest(iccid: try iccid(), profileNickname: "n"), "BF290F5A0A989444999999990971F190016E")
    }

    @Test("EuiccMemoryResetRequest carries resetOptions as '82'")
    func memoryReset() throws {
        try expectRoundTrip(EuiccMemoryResetRequest(resetOptions: BitString(bits: [0, 1, 2])), "bf3404 820205e0")
        let decoded = try EuiccMemoryResetRequest(derBytes: hex("bf3404 820205e0"))
        #expect(decoded.resetOptions.setBits == [0, 1, 2])
    }

    @Test("GetEuiccDataRequest asks for tag '5A' with '5C'")
    func getEuiccDataRequest() throws {
        try expectRoundTrip(GetEuiccDataRequest(tagList: [0x5A]), "bf3e03 5c015a")
    }

    @Test("GetEuiccDataResponse carries the 16-byte EID as '5A'")
    func getEuiccDataResponse() throws {
        try expectRoundTrip(
            GetEuiccDataResponse(eidValue: OctetString(try hex("89049032123451234512345678901235"))),
            "bf3e12 5a10 89049032123451234512345678901235")
        #expect(throws: ASN1Error.self) {
            try GetEuiccDataResponse(derBytes: hex("bf3e11 5a0f 890490321234512345123456789012"))
        }
    }

    @Test("GetRatRequest is the empty 'BF43' SEQUENCE")
    func getRatRequest() throws {
        try expectRoundTrip(GetRatRequest(), "bf4300")
    }

    @Test("GetRatResponse carries the RAT as 'A0' with rules tagged '80', 'A1', '82'")
    func getRatResponse() throws {
        let rule = ProfilePolicyAuthorisationRule(
            pprIds: BitString(bits: [1]),
            allowedOperators: [OperatorID(mccMnc: [0x12, 0xF3, 0x45])],
            pprFlags: BitString(bits: [0]))
        try expectRoundTrip(GetRatResponse(rat: [rule]), "BF4315A013301180020640A1073005800312F34582020780")
        try expectRoundTrip(GetRatResponse(rat: []), "bf4302 a000")
    }

    @Test("ProfilePolicyAuthorisationRule without pprFlags is rejected")
    func ruleMissingFlags() throws {
        #expect(throws: ASN1Error.self) {
            try ProfilePolicyAuthorisationRule(derBytes: hex("300d 80020640 a1073005800312f345"))
        }
    }
}
