import Foundation
import SwiftASN1
import Testing

@testable import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// InitialiseSecureChannelRequest from the recorded pySim session (bpp-parts.json).
private let recordedISCR = """
    bf2381ae8201018010a136211522c14bb6bc73a8b4b67b8f30a61080018881011084086d61686c7a6569745f494104786713e72227584b\
    39706002c7c25fcbd1bc4fe49c50bb683ccb1da0fe3370f72d86a41ac3d5d14f6dc887be062dfcecaae9b685c25a05d9caf3be92c19d1c\
    555f3740a58bf732232b3c50f72fceebb9892278e5e6be2d897b0a2829abf3d19afae3cd06086754b1b2f524e583c2f0b49b2526c8e369\
    7300c9b17eb72f869bccd29334
    """

private let smallISCR = InitialiseSecureChannelRequest(
    remoteOpId: .installBoundProfilePackage,
    transactionId: [0xAA],
    controlRefTemplate: ControlRefTemplate(keyType: [0x88], keyLen: [0x10], hostId: [0x01]),
    smdpOtpk: [0x04],
    smdpSign: [0xFF]
)

@Suite("BPP messages")
struct BPPTests {
    @Test("InitialiseSecureChannelRequest from the recorded session decodes and re-encodes byte for byte")
    func recordedInitialiseSecureChannel() throws {
        let bytes = try hex(recordedISCR)
        let request = try InitialiseSecureChannelRequest(derBytes: bytes)
        #expect(request.remoteOpId == .installBoundProfilePackage)
        #expect(request.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        #expect(request.controlRefTemplate.keyType == [0x88])
        #expect(request.controlRefTemplate.keyLen == [0x10])
        #expect(request.controlRefTemplate.hostId == OctetString(Array("mahlzeit".utf8)))
        #expect(request.smdpOtpk.count == 65 && request.smdpOtpk.bytes.first == 0x04)
        #expect(request.smdpSign.count == 64)
        #expect(try request.derEncoded() == bytes)
    }

    @Test("InitialiseSecureChannelRequest tags remoteOpId '82' and the CRT 'A6' containing 80/81/84")
    func initialiseSecureChannelTagging() throws {
        let expected = try hex("bf2319 820101 8001aa a609 800188 810110 840101 5f490104 5f3701ff")
        #expect(try smallISCR.derEncoded() == expected)
        #expect(try InitialiseSecureChannelRequest(derBytes: expected) == smallISCR)
    }

    @Test("InitialiseSecureChannelRequest with a truncated encoding or a 17-byte transactionId throws")
    func initialiseSecureChannelMalformed() throws {
        let bytes = try hex(recordedISCR)
        #expect(throws: (any Error).self) { try InitialiseSecureChannelRequest(derBytes: bytes.dropLast()) }
        var long = smallISCR
        long.transactionId = OctetString([UInt8](repeating: 1, count: 17))
        let encoded = try long.derEncoded()
        #expect(throws: (any Error).self) { try InitialiseSecureChannelRequest(derBytes: encoded) }
    }

    @Test("ControlRefTemplate round-trips as an untagged SEQUENCE and rejects a 2-byte keyType")
    func controlRefTemplate() throws {
        let crt = ControlRefTemplate(keyType: [0x88], keyLen: [0x10], hostId: OctetString(Array("mahlzeit".utf8)))
        let expected = try hex("3010 800188 810110 84086d61686c7a656974")
        #expect(try crt.derEncoded() == expected)
        #expect(try ControlRefTemplate(derBytes: expected) == crt)
        #expect(throws: (any Error).self) { try ControlRefTemplate(derBytes: expected.dropLast()) }
        #expect(throws: (any Error).self) { try ControlRefTemplate(derBytes: try hex("3007 80028888 810110")) }
    }

    @Test("ConfigureISDPRequest from the recorded session is the empty 'BF24 00'")
    func recordedConfigureISDP() throws {
        let bytes = try hex("bf2400")
        let request = try ConfigureISDPRequest(derBytes: bytes)
        #expect(request.dpProprietaryData == nil)
        #expect(try request.derEncoded() == bytes)
        #expect(throws: (any Error).self) { try ConfigureISDPRequest(derBytes: bytes.dropLast()) }
    }

    @Test("ConfigureISDPRequest carries DpProprietaryData as 'B8' with dpOid automatically tagged '80'")
    func configureISDPWithProprietaryData() throws {
        let request = ConfigureISDPRequest(dpProprietaryData: DpProprietaryData(dpOid: [2, 999, 10]))
        let expected = try hex("bf2407 b805 80038837 0a")
        #expect(try request.derEncoded() == expected)
        #expect(try ConfigureISDPRequest(derBytes: expected) == request)
        #expect(throws: (any Error).self) { try ConfigureISDPRequest(derBytes: try hex("bf2405 b803 800188")) }
    }

    @Test("DpProprietaryData skips the additional data objects an SM-DP+ may append")
    func dpProprietaryDataExtensions() throws {
        let data = try DpProprietaryData(derBytes: try hex("3008 80038837 0a 810101"))
        #expect(data.dpOid == [2, 999, 10])
        let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        #expect(json == #"{"dpOid":"2.999.10"}"#)
    }

    @Test("ReplaceSessionKeysRequest with the session's keys encodes with automatic tags 80/81/82")
    func replaceSessionKeys() throws {
        let request = ReplaceSessionKeysRequest(
            initialMacChainingValue: OctetString([UInt8](repeating: 0x22, count: 16)),
            ppkEnc: OctetString([UInt8](repeating: 0x00, count: 16)),
            ppkCmac: OctetString([UInt8](repeating: 0x11, count: 16)))
        let expected = try hex(
            "bf2636 8010" + String(repeating: "22", count: 16) + "8110" + String(repeating: "00", count: 16) + "8210"
                + String(repeating: "11", count: 16))
        #expect(try request.derEncoded() == expected)
        #expect(try ReplaceSessionKeysRequest(derBytes: expected) == request)
        #expect(throws: (any Error).self) { try ReplaceSessionKeysRequest(derBytes: expected.dropLast()) }
    }

    @Test("BoundProfilePackage keeps '86'/'87'/'88' segments inside A0/A1/A2/A3 and round-trips")
    func boundProfilePackageSynthetic() throws {
        let bpp = BoundProfilePackage(
            initialiseSecureChannelRequest: smallISCR, firstSequenceOf87: [[0x01, 0x02]], sequenceOf88: [[0x03]],
            secondSequenceOf87: [[0x04]], sequenceOf86: [[0x05], [0x06]])
        let expected = try hex(
            "bf3634 bf23198201018001aaa6098001888101108401015f4901045f3701ff a00487020102 a103880103 a203870104 a306860105860106")
        #expect(try bpp.derEncoded() == expected)
        #expect(try BoundProfilePackage(derBytes: expected) == bpp)

        var withoutSecond = bpp
        withoutSecond.secondSequenceOf87 = nil
        let shorter = try hex(
            "bf362f bf23198201018001aaa6098001888101108401015f4901045f3701ff a00487020102 a103880103 a306860105860106")
        #expect(try withoutSecond.derEncoded() == shorter)
        #expect(try BoundProfilePackage(derBytes: shorter) == withoutSecond)
    }

    @Test("BoundProfilePackage with a truncated encoding, a missing sequenceOf86 or a wrong segment tag throws")
    func boundProfilePackageMalformed() throws {
        let good = try hex(
            "bf362f bf23198201018001aaa6098001888101108401015f4901045f3701ff a00487020102 a103880103 a306860105860106")
        #expect(throws: (any Error).self) { try BoundProfilePackage(derBytes: good.dropLast()) }
        let noSeq86 = try hex("bf3627 bf23198201018001aaa6098001888101108401015f4901045f3701ff a00487020102 a103880103")
        #expect(throws: (any Error).self) { try BoundProfilePackage(derBytes: noSeq86) }
        let wrongTag = try hex(
            "bf362f bf23198201018001aaa6098001888101108401015f4901045f3701ff a00486020102 a103880103 a306860105860106")
        #expect(throws: (any Error).self) { try BoundProfilePackage(derBytes: wrongTag) }
    }

    @Test("BoundProfilePackage from the recorded session decodes (13 '86', one '87', one '88', one '87') and re-encodes byte for byte")
    func recordedBoundProfilePackage() throws {
        // Tests/RSPCoreTests/BPP/BPPTests.swift → repository root → ../shared/vectors
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent()
            .appendingPathComponent("shared/vectors/pysim-es9plus-session/bpp.der")
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes.count == 12991)
        let bpp = try BoundProfilePackage(derBytes: bytes)
        #expect(bpp.sequenceOf86.count == 13)
        #expect(bpp.sequenceOf86.prefix(12).allSatisfy { $0.count == 1032 })
        #expect(bpp.firstSequenceOf87.count == 1)
        #expect(bpp.firstSequenceOf87.first?.count == 24)
        #expect(bpp.sequenceOf88.count == 1)
        #expect(bpp.sequenceOf88.first?.count == 172)
        #expect(bpp.secondSequenceOf87?.count == 1)
        #expect(bpp.initialiseSecureChannelRequest.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        #expect(try bpp.derEncoded() == bytes)
    }
}
