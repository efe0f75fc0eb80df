import RSPCore
import SwiftASN1
import Testing

@Suite("ICCID")
struct ICCIDTests {
    @Test("digits are stored as EF.ICCID: swapped nibbles, F padding")
    func bcd() throws {
        let iccid = try ICCID(digits: "8949449999999990171")
        #expect(iccid.bcd == [0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x71, 0xF1])
        #expect(iccid.digits == "8949449999999990171")
        #expect(iccid.paddedDigits == "8949449999999990171F")
        #expect(try ICCID(digits: "8949449999999990171F") == iccid)
    }

    @Test("any 10 bytes a peer sends print nibble by nibble: hex letters kept, only 'F' dropped from the digits")
    func peerBytes() throws {
        let iccid = try ICCID(bcd: [0x98, 0x0A, 0xB4, 0xFF, 0xC9, 0x1D, 0xE2, 0xF3, 0x00, 0x4F])
        #expect(iccid.paddedDigits == "89A04BFF9CD12E3F00F4")
        #expect(iccid.digits == "89A04B9CD12E3004")
        let padding = try ICCID(bcd: Array(repeating: 0xFF, count: 10))
        #expect(padding.digits == "")
        #expect(padding.paddedDigits == String(repeating: "F", count: 20))
    }

    @Test("DER form is [APPLICATION 26] ('5A') with 10 bytes")
    func der() throws {
        let iccid = try ICCID(digits: "8949449999999990171")
        #expect(try iccid.derEncoded() == [0x5A, 0x0A, 0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x71, 0xF1])
        #expect(try ICCID(derBytes: try iccid.derEncoded()) == iccid)
        #expect(throws: IdentifierError.self) { try ICCID(derBytes: [0x5A, 0x02, 0x98, 0x94]) }
    }

    @Test("a wrong Luhn check digit, too few digits or letters are refused", arguments: [
        "8949449999999990172", "89494499999", "89494499999999901A1", "",
    ])
    func invalid(text: String) {
        #expect(throws: IdentifierError.self) { try ICCID(digits: text) }
    }
}

@Suite("Transaction id, version, matching id")
struct SmallIdentifierTests {
    @Test("a TransactionID is 1 to 16 bytes of hex")
    func transactionID() throws {
        let id = try TransactionID(hex: "a136211522c14bb6bc73a8b4b67b8f30")
        #expect(id.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        let every = (0...255).map { UInt8($0) }
        #expect(every.hexString == every.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined())
        #expect([UInt8]().hexString == "")
        #expect(throws: IdentifierError.self) { try TransactionID(hex: "") }
        #expect(throws: IdentifierError.self) { try TransactionID(hex: "zz") }
        #expect(throws: IdentifierError.self) { try TransactionID(bytes: Array(repeating: 1, count: 17)) }
    }

    @Test("VersionType bytes 02 02 02 read as v2.2.2 and order by component")
    func version() throws {
        let version = try SpecificationVersion([2, 2, 2])
        #expect(version == .sgp22v2_2_2)
        #expect(version.description == "2.2.2")
        #expect(try SpecificationVersion(parsing: "v2.1.0") < version)
        #expect(try SpecificationVersion(parsing: "3.0.0") > version)
        #expect(throws: IdentifierError.self) { try SpecificationVersion([2, 2]) }
        #expect(throws: IdentifierError.self) { try SpecificationVersion(parsing: "2.256.0") }
    }

    @Test("a MatchingID may not contain the activation code separator")
    func matchingID() throws {
        #expect(try MatchingID("TS48V5-SAIP2-3-NOBERTLV-UNIQUE").value == "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        #expect(throws: IdentifierError.self) { try MatchingID("A$B") }
        #expect(throws: IdentifierError.self) { try MatchingID("") }
    }
}
