import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// An EUICCInfo2 with every optional field present, and its encoding worked out by hand.
private let fullInfo2 = EUICCInfo2(
    profileVersion: [0x02, 0x03, 0x01], svn: [0x02, 0x02, 0x05], euiccFirmwareVer: [0x01, 0x02, 0x03],
    extCardResource: [0x81, 0x01, 0x00], uiccCapability: BitString(bits: [UICCCapabilityBit.usimSupport, UICCCapabilityBit.akaMilenage]),
    javacardVersion: [0x03, 0x00, 0x00], globalplatformVersion: [0x02, 0x03, 0x00],
    rspCapability: BitString(bits: [RspCapabilityBit.additionalProfile, RspCapabilityBit.crlSupport]),
    euiccCiPKIdListForVerification: [[0xAA, 0xBB]], euiccCiPKIdListForSigning: [],
    euiccCategory: .mediumEuicc, forbiddenProfilePolicyRules: BitString(bits: [PprIdsBit.ppr1]),
    ppVersion: [0x01, 0x00, 0x00], sasAcreditationNumber: "AB",
    certificationDataObject: CertificationDataObject(platformLabel: "L", discoveryBaseURL: "U"))

private let fullInfo2Hex = """
    bf2246 8103020301 8203020205 8303010203 8403810100 85020348 8603030000 8703020300 880206c0
    a9040402aabb aa00 8b0102 99020640 0403010000 0c024142 ac06 80014c 810155
    """

@Suite("ES10b GetEUICCInfo and GetEUICCChallenge messages")
struct ES10bInfoAndChallengeTests {
    @Test("the empty requests encode as 'BF20 00', 'BF22 00' and 'BF2E 00' and decode back")
    func emptyRequests() throws {
        #expect(try GetEuiccInfo1Request().derEncoded() == [0xBF, 0x20, 0x00])
        #expect(try GetEuiccInfo2Request().derEncoded() == [0xBF, 0x22, 0x00])
        #expect(try GetEuiccChallengeRequest().derEncoded() == [0xBF, 0x2E, 0x00])
        #expect(try GetEuiccInfo1Request(derBytes: [0xBF, 0x20, 0x00]) == GetEuiccInfo1Request())
        #expect(try GetEuiccInfo2Request(derBytes: [0xBF, 0x22, 0x00]) == GetEuiccInfo2Request())
        #expect(try GetEuiccChallengeRequest(derBytes: [0xBF, 0x2E, 0x00]) == GetEuiccChallengeRequest())
        // A newer LPA may add fields: they are skipped.
        #expect(try GetEuiccInfo2Request(derBytes: [0xBF, 0x22, 0x03, 0x80, 0x01, 0x00]) == GetEuiccInfo2Request())
    }

    @Test("the empty requests with a truncated encoding or the wrong tag throw")
    func emptyRequestsMalformed() {
        #expect(throws: ASN1Error.self) { try GetEuiccInfo1Request(derBytes: [0xBF, 0x20, 0x01]) }
        #expect(throws: ASN1Error.self) { try GetEuiccInfo2Request(derBytes: [0xBF, 0x20, 0x00]) }
        #expect(throws: ASN1Error.self) { try GetEuiccChallengeRequest(derBytes: [0xBF, 0x2E]) }
    }

    @Test("GetEuiccChallengeResponse carries the challenge as [0] '80' and round-trips")
    func challengeResponse() throws {
        let challenge = OctetString(Array(UInt8(0)..<16))
        let expected = try hex("bf2e12 8010 000102030405060708090a0b0c0d0e0f")
        let response = GetEuiccChallengeResponse(euiccChallenge: challenge)
        #expect(try response.derEncoded() == expected)
        #expect(try GetEuiccChallengeResponse(derBytes: expected) == response)
    }

    @Test("GetEuiccChallengeResponse with a 15-byte challenge or a truncated encoding throws")
    func challengeResponseMalformed() throws {
        #expect(throws: ASN1Error.self) {
            try GetEuiccChallengeResponse(derBytes: hex("bf2e11 800f 000102030405060708090a0b0c0d0e"))
        }
        #expect(throws: ASN1Error.self) {
            try GetEuiccChallengeResponse(derBytes: hex("bf2e12 8010 000102030405060708090a0b0c0d0e"))
        }
    }

    @Test("EUICCInfo2 from the recorded session decodes and re-encodes byte for byte")
    func recordedEuiccInfo2() throws {
        let bytes = try hex(ES10bSessionVectors.euiccInfo2)
        let info = try EUICCInfo2(derBytes: bytes)
        #expect(info.profileVersion.hex == "020301")
        #expect(info.svn.hex == "020400")
        #expect(info.euiccFirmwareVer.hex == "234200")
        #expect(info.extCardResource.hex == "810100820400049C6883022223")
        #expect(info.uiccCapability == BitString(bytes: [0x6B, 0x36, 0xD3, 0xC3], paddingBits: 0))
        #expect(info.uiccCapability.contains(UICCCapabilityBit.usimSupport))
        #expect(info.javacardVersion?.hex == "110200")
        #expect(info.globalplatformVersion?.hex == "020300")
        #expect(info.rspCapability.setBits == [0, 3, 4, 5])
        #expect(info.rspCapability.contains(RspCapabilityBit.additionalProfile))
        #expect(!info.rspCapability.contains(RspCapabilityBit.crlSupport))
        #expect(info.euiccCiPKIdListForVerification.map(\.hex) == ["304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26"])
        #expect(info.euiccCiPKIdListForSigning == info.euiccCiPKIdListForVerification)
        #expect(info.euiccCategory == nil)
        #expect(info.forbiddenProfilePolicyRules == nil)
        #expect(info.ppVersion.hex == "010000")
        #expect(info.sasAcreditationNumber == "OSMOCOM-TEST-1")
        #expect(info.certificationDataObject == nil)
        #expect(try info.derEncoded() == bytes)
    }

    @Test("EUICCInfo2 with every optional field: [11] '8B', [25] '99', [12] 'AC', untagged ppVersion '04' and sasAcreditationNumber '0C'")
    func fullEuiccInfo2() throws {
        let expected = try hex(fullInfo2Hex)
        #expect(try fullInfo2.derEncoded() == expected)
        #expect(try EUICCInfo2(derBytes: expected) == fullInfo2)
    }

    @Test("EUICCInfo2 skips fields a newer eUICC appends after certificationDataObject")
    func euiccInfo2Extension() throws {
        // Same value with an extra [13] field at the end ('BF22 49 … 8D 01 00').
        let extended = try hex(fullInfo2Hex.replacingOccurrences(of: "bf2246", with: "bf2249") + "8d0100")
        #expect(try EUICCInfo2(derBytes: extended) == fullInfo2)
    }

    @Test("EUICCInfo2 with a truncated encoding, a 2-byte svn or a missing ppVersion throws")
    func euiccInfo2Malformed() throws {
        let bytes = try hex(ES10bSessionVectors.euiccInfo2)
        #expect(throws: ASN1Error.self) { try EUICCInfo2(derBytes: bytes.dropLast()) }
        let shortSvn = try hex(fullInfo2Hex.replacingOccurrences(of: "bf2246", with: "bf2245")
            .replacingOccurrences(of: "8203020205", with: "82020202"))
        #expect(throws: ASN1Error.self) { try EUICCInfo2(derBytes: shortSvn) }
        let noPpVersion = try hex(fullInfo2Hex.replacingOccurrences(of: "bf2246", with: "bf2241")
            .replacingOccurrences(of: "0403010000", with: ""))
        #expect(throws: ASN1Error.self) { try EUICCInfo2(derBytes: noPpVersion) }
    }

    @Test("CertificationDataObject tags its strings [0] and [1] and rejects invalid UTF-8")
    func certificationDataObject() throws {
        let value = CertificationDataObject(platformLabel: "L", discoveryBaseURL: "U")
        #expect(try value.derEncoded() == hex("3006 80014c 810155"))
        #expect(try CertificationDataObject(derBytes: hex("3006 80014c 810155")) == value)
        #expect(throws: ASN1Error.self) { try CertificationDataObject(derBytes: hex("3006 8001ff 810155")) }
        #expect(throws: ASN1Error.self) { try CertificationDataObject(derBytes: hex("3006 80014c 8101")) }
    }
}
