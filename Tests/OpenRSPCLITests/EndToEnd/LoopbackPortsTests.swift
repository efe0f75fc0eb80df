import Testing

@Suite("Loopback ports for servers started later")
struct LoopbackPortsTests {
    @Test("a free block lies outside the ports outgoing connections get, and can be bound")
    func freeBlockAvoidsOutgoingPorts() throws {
        let outgoing = LoopbackPorts.outgoingRange()
        for _ in 0..<20 {
            let base = try LoopbackPorts.freeBlock(4)
            let block = base...(base + 3)
            #expect(!block.overlaps(outgoing) || outgoing.count > 50_000, "\(block) against \(outgoing)")
            #expect(block.allSatisfy(LoopbackPorts.isFree))
            #expect(block.upperBound < 65_536)
        }
    }
}
