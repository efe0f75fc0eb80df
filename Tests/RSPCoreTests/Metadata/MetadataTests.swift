import Foundation
import SwiftASN1
import Testing

@testable import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// StoreMetadataRequest from the recorded session (bpp-plaintext/storeMetadataRequest.der, also
/// AuthenticateClient's `profileMetadata`).
private let recordedStoreMetadataHex = """
    bf2581a05a0a989444999999990971f1910a4f736d6f636f6d53504e921e\
    5453343856352d53414950322d332d4e4f424552544c562d554e49515545\
    950102b663301f80020640811974657374736d6470706c7573312e657861\
    6d706c652e636f6d301f80020520811974657374736d6470706c7573312e\
    6578616d706c652e636f6d301f80020410811974657374736d6470706c75\
    73312e6578616d706c652e636f6d
    """

@Suite("Profile metadata")
struct MetadataTests {
    @Test("StoreMetadataRequest from the recorded session decodes and re-encodes byte for byte")
    func recordedStoreMetadata() throws {
        let bytes = try hex(recordedStoreMetadataHex)
        let request = try StoreMetadataRequest(derBytes: bytes)
        #expect(request.iccid.paddedDigits == "8949449999999990171F")
        #expect(request.serviceProviderName == "OsmocomSPN")
        #expect(request.profileName == "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        #expect(request.profileClass == .operational)
        #expect(request.iconType == nil && request.icon == nil && request.profileOwner == nil)
        #expect(request.profilePolicyRules == nil)
        let configs = try #require(request.notificationConfigurationInfo)
        #expect(configs.map(\.profileManagementOperation.notificationEvents) == [
            [.notificationEnable], [.notificationDisable], [.notificationDelete],
        ])
        #expect(configs.allSatisfy { $0.notificationAddress == "testsmdpplus1.example.com" })
        #expect(try request.derEncoded() == bytes)
    }

    @Test("StoreMetadataRequest with a truncated encoding throws")
    func storeMetadataTruncated() throws {
        let bytes = try hex(recordedStoreMetadataHex)
        #expect(throws: (any Error).self) { try StoreMetadataRequest(derBytes: bytes.dropLast()) }
        #expect(throws: (any Error).self) { try StoreMetadataRequest(derBytes: bytes.prefix(20)) }
    }

    @Test("StoreMetadataRequest with every optional field uses tags 93/94/95/B6/B7/99 and round-trips")
    func storeMetadataAllFields() throws {
        let request = StoreMetadataRequest(
            iccid: try ICCID(bcd: try hex("989444999999990971f1")),
            serviceProviderName: "",
            profileName: "",
            iconType: .jpg,
            icon: [0xAB],
            profileClass: .test,
            notificationConfigurationInfo: [],
            profileOwner: try OperatorID(mcc: "262", mnc: "01"),
            profilePolicyRules: BitString(bits: [0]))
        let expected = try hex("bf2526 5a0a989444999999990971f1 9100 9200 930100 9401ab 950100 b600 b705800362f210 99020780")
        #expect(try request.derEncoded() == expected)
        #expect(try StoreMetadataRequest(derBytes: expected) == request)
    }

    @Test("StoreMetadataRequest skips unknown trailing fields from a newer peer")
    func storeMetadataExtensions() throws {
        let bytes = try hex("bf2514 5a0a989444999999990971f1 9100 9200 9f7f0100")
        let request = try StoreMetadataRequest(derBytes: bytes)
        #expect(request.profileName == "" && request.profileClass == nil)
    }

    @Test("UpdateMetadataRequest round-trips with its optional fields")
    func updateMetadata() throws {
        let request = UpdateMetadataRequest(
            serviceProviderName: "SP", profileName: "P", iconType: .png, icon: [0xFF, 0xD8],
            profilePolicyRules: BitString(bits: [1]))
        let expected = try hex("bf2a12 91025350 920150 930101 9402ffd8 99020640")
        #expect(try request.derEncoded() == expected)
        #expect(try UpdateMetadataRequest(derBytes: expected) == request)
        #expect(try UpdateMetadataRequest(derBytes: try hex("bf2a00")) == UpdateMetadataRequest())
        #expect(throws: (any Error).self) { try UpdateMetadataRequest(derBytes: expected.dropLast()) }
    }

    @Test("NotificationConfigurationInformation from the recorded session uses automatic tags 80/81")
    func notificationConfigurationInformation() throws {
        let bytes = try hex("301f80020640811974657374736d6470706c7573312e6578616d706c652e636f6d")
        let info = try NotificationConfigurationInformation(derBytes: bytes)
        #expect(info.profileManagementOperation == NotificationEvent.notificationEnable.bitString)
        #expect(info.notificationAddress == "testsmdpplus1.example.com")
        #expect(try info.derEncoded() == bytes)
        #expect(throws: (any Error).self) { try NotificationConfigurationInformation(derBytes: bytes.dropLast()) }
    }

    @Test("OperatorID codes MCC/MNC in the 3GPP TS 24.008 nibble layout")
    func operatorIDDigits() throws {
        let twoDigit = try OperatorID(mcc: "262", mnc: "01")
        #expect(twoDigit.mccMnc == [0x62, 0xF2, 0x10])
        #expect(twoDigit.mcc == "262" && twoDigit.mnc == "01")
        let threeDigit = try OperatorID(mcc: "310", mnc: "410", gid1: [0x12])
        #expect(threeDigit.mccMnc == [0x13, 0x00, 0x14])
        #expect(threeDigit.mcc == "310" && threeDigit.mnc == "410")
        let expected = try hex("3008 8003130014 810112")
        #expect(try threeDigit.derEncoded() == expected)
        #expect(try OperatorID(derBytes: expected) == threeDigit)
        let withGid2 = OperatorID(mccMnc: [0x62, 0xF2, 0x10], gid2: [0x34])
        #expect(try OperatorID(derBytes: try withGid2.derEncoded()) == withGid2)
    }

    @Test("OperatorID rejects a malformed MCC or MNC, a 2-byte mccMnc and a truncated encoding")
    func operatorIDInvalid() throws {
        #expect(throws: IdentifierError.self) { try OperatorID(mcc: "26", mnc: "01") }
        #expect(throws: IdentifierError.self) { try OperatorID(mcc: "2620", mnc: "01") }
        #expect(throws: IdentifierError.self) { try OperatorID(mcc: "262", mnc: "1") }
        #expect(throws: IdentifierError.self) { try OperatorID(mcc: "262", mnc: "0101") }
        #expect(throws: IdentifierError.self) { try OperatorID(mcc: "2a2", mnc: "01") }
        #expect(throws: (any Error).self) { try OperatorID(derBytes: try hex("3004 800262f2")) }
        #expect(throws: (any Error).self) { try OperatorID(derBytes: try hex("3005 800362f2")) }
    }

    @Test("ProfileClass, IconType and ProfileState encode as INTEGER and print their spec names")
    func namedIntegers() throws {
        #expect(try ProfileClass.operational.derEncoded() == [0x02, 0x01, 0x02])
        #expect(ProfileClass.provisioning.description == "provisioning(1)")
        #expect(IconType.png.description == "png(1)")
        #expect(ProfileState.enabled.description == "enabled(1)")
        #expect(ProfileState(rawValue: 7).description == "7")
        #expect(try ProfileState(derBytes: [0x02, 0x01, 0x00]) == .disabled)
        #expect(throws: (any Error).self) { try ProfileState(derBytes: [0x02, 0x01]) }
    }

    @Test("StoreMetadataRequest renders as JSON with the spec's property names")
    func storeMetadataJSON() throws {
        let request = try StoreMetadataRequest(derBytes: try hex(recordedStoreMetadataHex))
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        #expect(json.contains(#""serviceProviderName":"OsmocomSPN""#))
        #expect(json.contains(#""profileClass":"operational(2)""#))
        #expect(json.contains(#""iccid":"8949449999999990171F""#))
    }
}
