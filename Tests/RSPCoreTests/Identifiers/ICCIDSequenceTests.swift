import RSPCore
import Testing

@Suite("ICCIDSequence: consecutive ICCIDs with Luhn check digits")
struct ICCIDSequenceTests {
    @Test("the body counts up and every ICCID gets a valid check digit, leading zeros and width kept")
    func consecutive() throws {
        let start = try ICCID(digits: "8949449999999990015")
        let iccids = Array(try ICCIDSequence(start: start, count: 12))
        #expect(iccids.count == 12)
        #expect(iccids.first == start)
        #expect(iccids.map(\.digits).allSatisfy { $0.count == 19 && Luhn.isValid($0) })
        #expect(iccids[1].digits.hasPrefix("894944999999999002"))
        #expect(Set(iccids).count == 12)
        let twenty = Array(try ICCIDSequence(start: try ICCID(digits: "89000000000000000004"), count: 3))
        #expect(twenty.map(\.digits) == ["89000000000000000004", "89000000000000000012", "89000000000000000020"])
    }

    @Test("a start with a wrong check digit, or a run past the last body, is refused")
    func refused() throws {
        let wrong = try ICCID(digits: "8949449999999990016", checkLuhn: false)
        #expect(throws: IdentifierError.self) { try ICCIDSequence(start: wrong, count: 1) }
        let last = try ICCID(digits: "999999999999999999" + String(Luhn.checkDigit(for: "999999999999999999")))
        #expect(throws: IdentifierError.self) { try ICCIDSequence(start: last, count: 2) }
    }
}
