import Foundation
import SwiftASN1
import Testing

@testable import RSPCore

@Suite("EID")
struct EIDTests {
    /// The EID of the recorded pySim session's eUICC certificate.
    static let recorded = "89049032123451234512345678901235"

    @Test("an EID with correct check digits is accepted and coded as plain BCD")
    func validEID() throws {
        let eid = try EID(digits: Self.recorded)
        #expect(eid.digits == Self.recorded)
        #expect(eid.bytes.hexString == "89049032123451234512345678901235")
        #expect(eid.bytes.count == 16)
        #expect(EID.remainder97(Self.recorded) == 1)
        #expect(EID.isValid(Self.recorded))
    }

    @Test("an EID with wrong check digits is rejected")
    func wrongCheckDigits() {
        #expect(throws: IdentifierError.self) { try EID(digits: "89049032123451234512345678901234") }
        #expect(throws: IdentifierError.self) { try EID(digits: "89049032123451234512345678901253") }
        #expect(!EID.isValid("89049032123451234512345678901236"))
    }

    @Test("an EID that is not 32 decimal digits is rejected")
    func wrongShape() {
        #expect(throws: IdentifierError.self) { try EID(digits: "8904903212345123451234567890123") }
        #expect(throws: IdentifierError.self) { try EID(digits: "890490321234512345123456789012355") }
        #expect(throws: IdentifierError.self) { try EID(digits: "8904903212345123451234567890123A") }
        #expect(throws: IdentifierError.self) { try EID(digits: "") }
    }

    @Test("the 16-byte form round-trips and non-BCD nibbles are rejected")
    func bytesRoundTrip() throws {
        let eid = try EID(digits: Self.recorded)
        #expect(try EID(bytes: eid.bytes) == eid)
        var bad = eid.bytes
        bad[3] = 0x3A
        #expect(throws: IdentifierError.self) { try EID(bytes: bad) }
        #expect(throws: IdentifierError.self) { try EID(bytes: Array(eid.bytes.prefix(15))) }
    }

    @Test("check digits are computed from the first 30 digits")
    func computedCheckDigits() throws {
        let eid = try EID(digitsWithoutCheckDigits: "890490321234512345123456789012")
        #expect(eid.digits == Self.recorded)
        // A result below 10 keeps its leading zero.
        for n in 0..<200 as Range<UInt64> {
            let derived = try EID(prefix: "89049032", individualNumber: n)
            #expect(derived.digits.count == 32)
        }
    }

    @Test("an EID derived from a prefix is valid and starts with the prefix")
    func derivedEID() throws {
        let fixed = try EID(prefix: "89049032", individualNumber: 42)
        #expect(fixed.digits.hasPrefix("890490320000000000000000000042"))
        #expect(EID.isValid(fixed.digits))
        for _ in 0..<20 {
            let random = try EID.random(prefix: "89033023")
            #expect(random.hasPrefix("89033023"))
            #expect(EID.isValid(random.digits))
        }
        #expect(throws: IdentifierError.self) { try EID(prefix: "89A", individualNumber: 1) }
    }

    @Test("the DER form is [APPLICATION 26] OCTET STRING and round-trips; truncated input throws")
    func derRoundTrip() throws {
        let eid = try EID(digits: Self.recorded)
        let der = try eid.derEncoded()
        #expect(der.hexString == "5A1089049032123451234512345678901235")
        #expect(try EID(derBytes: der) == eid)
        #expect(throws: (any Error).self) { try EID(derBytes: der.dropLast()) }
    }

    @Test("JSON renders the digits")
    func json() throws {
        let eid = try EID(digits: Self.recorded)
        let data = try JSONEncoder().encode([eid])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(Self.recorded)\"]")
        #expect(try JSONDecoder().decode([EID].self, from: data) == [eid])
    }
}
