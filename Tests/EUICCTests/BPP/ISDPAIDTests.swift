import Testing

@testable import EUICC

@Suite("ISD-P AID allocation")
struct ISDPAIDTests {
    static func aid(_ last: UInt8) -> [UInt8] { ISDPAID.prefix + [last] }

    /// The rule the allocator implements, written as plainly as possible.
    static func lowestFree(_ used: [[UInt8]]) -> [UInt8]? {
        (0...255).map { aid(UInt8($0)) }.first { !used.contains($0) }
    }

    @Test("the lowest free xx, whatever the order of the used AIDs and whatever else they contain")
    func lowestFree() {
        let cases: [[[UInt8]]] = [
            [],
            [Self.aid(0)],
            [Self.aid(1)],
            [Self.aid(2), Self.aid(0), Self.aid(1)],
            [ISDPAID.isdr, Self.aid(0), [0xA0, 0x00], Self.aid(0) + [0x00], Array(Self.aid(1).dropLast())],
            (0...254).map { Self.aid(UInt8($0)) }.reversed(),
            (0...127).map { Self.aid(UInt8($0 * 2)) },
        ]
        for used in cases {
            #expect(ISDPAID.allocate(avoiding: used) == Self.lowestFree(used))
        }
        #expect(ISDPAID.allocate(avoiding: (0...254).map { Self.aid(UInt8($0)) }) == Self.aid(255))
    }

    @Test("nil when all 256 are taken")
    func full() {
        #expect(ISDPAID.allocate(avoiding: (0...255).map { Self.aid(UInt8($0)) }) == nil)
    }
}
