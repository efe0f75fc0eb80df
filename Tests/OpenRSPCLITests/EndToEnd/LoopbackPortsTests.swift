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

    @Test("a reserved port refuses connections and cannot be bound until it is released")
    func reservation() throws {
        let port = try LoopbackPorts.freeBlock(1)
        let reservation = try LoopbackPorts.Reservation(port)
        #expect(!LoopbackPorts.accepts(port))
        #expect(!LoopbackPorts.isFree(port))
        #expect(throws: (any Error).self) { try LoopbackPorts.Reservation(port) }
        reservation.release()
        #expect(LoopbackPorts.isFree(port))
    }
}
