import RSPCore
import SwiftASN1
import Testing

@Suite("DER building blocks")
struct DERBuildingBlockTests {
    @Test("a named bit list is encoded minimally and read back bit by bit")
    func bitString() throws {
        let bits = BitString(bits: [0, 3, 4])          // 1001 1 → 0x98 with 3 unused bits
        #expect(try bits.derEncoded() == [0x03, 0x02, 0x03, 0x98])
        #expect(bits.setBits == [0, 3, 4])
        #expect(bits.contains(3) && !bits.contains(1) && !bits.contains(40))
        #expect(try BitString(derBytes: [0x03, 0x02, 0x02, 0x9C]).setBits == [0, 3, 4, 5])
        #expect(try BitString(bits: []).derEncoded() == [0x03, 0x01, 0x00])
    }

    @Test("Encoded keeps and re-emits the exact bytes it was decoded from")
    func encodedKeepsBytes() throws {
        let der: [UInt8] = [0x04, 0x02, 0xCA, 0xFE]
        let value = try Encoded<OctetString>(derBytes: der)
        #expect(value.derBytes == der)
        #expect(value.value.bytes == [0xCA, 0xFE])
        #expect(try value.derEncoded() == der)
    }

    @Test("trailing bytes, truncation and over-long lengths are decode errors")
    func malformed() {
        #expect(throws: ASN1Error.self) { try OctetString(derBytes: [0x04, 0x02, 0xCA, 0xFE, 0x00]) }
        #expect(throws: ASN1Error.self) { try OctetString(derBytes: [0x04, 0x03, 0xCA, 0xFE]) }
        #expect(throws: ASN1Error.self) { try OctetString(derBytes: [0x04, 0x81, 0x02, 0xCA, 0xFE]) }   // non-minimal length
        #expect(throws: ASN1Error.self) { try OctetString(derBytes: [0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]) }
    }

    @Test("hex parsing rejects odd lengths and non-hex characters")
    func hex() {
        #expect([UInt8](hex: "0aFF") == [0x0A, 0xFF])
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "zz") == nil)
    }

    @Test("status codes render as subject/reason")
    func statusCode() {
        #expect(StatusCode.unknownTransactionID.subjectCode.rawValue == "8.10.1")
        #expect(StatusCode.unknownTransactionID.reasonCode.rawValue == "3.9")
        #expect(StatusCode.invalidSMDPAddress.description.hasPrefix("8.8.1/3.8"))
    }
}
