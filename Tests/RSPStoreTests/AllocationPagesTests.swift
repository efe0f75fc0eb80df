import RSPCore
@testable import RSPStore
import Testing

/// Allocation over several owners reads each owner's pages from one ICCID on and merges them:
/// a round may only offer what no owner's unread profiles could come before.
@Suite("Allocation pages")
struct AllocationPagesTests {
    static func profiles(_ numbers: some Sequence<Int>) throws -> [ProfileRecord] {
        try numbers.map { try Fixtures.profile(try Fixtures.iccid($0)) }
    }

    static func key(_ profile: ProfileRecord) -> String { profile.iccid.paddedDigits }

    @Test("a round offers everything up to the smallest last ICCID of the full pages, in ICCID order, and the next starts there")
    func boundedByFullPages() throws {
        let size = AllocationPages.pageSize
        let evens = try Self.profiles(stride(from: 2, through: 2 * size, by: 2))  // full: may go on after 2·size
        let shortRun = try Self.profiles(stride(from: 1, through: 19, by: 2))  // short: this owner has no more
        let late = try Self.profiles(100..<(100 + size))  // full, ends at 163
        let (candidates, next) = AllocationPages.merge([evens, shortRun, late], limit: size, key: Self.key)
        let bound = try Fixtures.iccid(2 * size)
        #expect(next == bound.paddedDigits)
        let expected = (Array(1...19).filter { $0 % 2 == 1 } + Array(stride(from: 2, through: 2 * size, by: 2))
                        + Array(100...(2 * size))).sorted()
        #expect(candidates.map(\.iccid) == (try expected.map(Fixtures.iccid)))
    }

    @Test("when no page is full, the round offers every profile read and there is no next round")
    func shortPagesEndTheWalk() throws {
        let (candidates, next) = AllocationPages.merge(
            [try Self.profiles([5, 9]), [], try Self.profiles([7])], limit: 3, key: Self.key)
        #expect(next == nil)
        #expect(candidates.map(\.iccid) == (try [5, 7, 9].map(Fixtures.iccid)))
        #expect(AllocationPages.merge([], limit: 3, key: Self.key).next == nil)
        // The same pages read with a limit of 2 are full where they hold 2: the round stops at 9.
        #expect(AllocationPages.merge([try Self.profiles([5, 9]), try Self.profiles([7])], limit: 2, key: Self.key).next
                == (try Fixtures.iccid(9)).paddedDigits)
    }

    @Test("owners are told apart by their mccMnc alone, each once, in the order given")
    func ownersByMccMnc() throws {
        let withGid = try OperatorID(mcc: "001", mnc: "01", gid1: OctetString([0x12]))
        let plain = try OperatorID(mcc: "001", mnc: "01")
        let other = try OperatorID(mcc: "310", mnc: "410")
        #expect(AllocationPages.mccMncs([other, withGid, plain, other]) == [other.mccMnc.bytes, plain.mccMnc.bytes])
        #expect(AllocationPages.mccMncs([]).isEmpty)
    }
}
