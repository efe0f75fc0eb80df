import NIOCore
import NIOPosix
import RSPCore
import RSPHTTP
import Synchronization
import Testing

/// A card that answers each APDU with its own bytes reversed plus 9000, and counts resets.
actor FakeCard: APDUTransport {
    static let atr: [UInt8] = [0x3B, 0x9F, 0x96, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73]
    private(set) var resets = 0
    private(set) var commands: [[UInt8]] = []
    private let delay: Duration

    init(delay: Duration = .zero) {
        self.delay = delay
    }

    func reset() async throws -> [UInt8] {
        resets += 1
        return Self.atr
    }

    func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        commands.append(command)
        if delay > .zero { try await Task.sleep(for: delay) }
        if command.first == 0xFF { throw CommandAPDU.Failure.lengthMismatch }
        return command.reversed() + [0x90, 0x00]
    }
}

/// Raw TCP access to a vpcd peer, for the tests that must send what our transport never would.
struct RawVPCDConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> RawVPCDConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawVPCDConnection(channel: channel)
    }

    /// Sends `bytes` as they are, then reads until the peer closes; returns what came back.
    func sendAndReadUntilClosed(_ bytes: [UInt8]) async throws -> [UInt8] {
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            var received: [UInt8] = []
            for try await buffer in inbound {
                received += Array(buffer.readableBytesView)
                if received.count > 1024 { break }
            }
            return received
        }
    }
}

@Suite("vpcd over TCP: card server, card client and reader transport")
struct VPCDTests {
    func withCardServer(_ card: FakeCard, _ body: @Sendable (Int) async throws -> Void) async throws {
        let server = VPCDCardServer(card: card, host: "127.0.0.1", port: 0)
        try await withRunningServices([server]) {
            try await body(try await server.boundPort())
        }
    }

    @Test("reset powers the card on and returns its ATR; an APDU makes the round trip")
    func roundTrip() async throws {
        let card = FakeCard()
        try await withCardServer(card) { port in
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            #expect(try await reader.reset() == FakeCard.atr)
            let select: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x02, 0xA0, 0x00]
            #expect(try await reader.transmit(select) == select.reversed() + [0x90, 0x00])
            // A long APDU (255 data bytes) fits a frame.
            let long: [UInt8] = [0x80, 0xE2, 0x91, 0x00, 0xFF] + Array(repeating: 0x5A, count: 255)
            #expect(try await reader.transmit(long).count == long.count + 2)
            await reader.close()
        }
        #expect(await card.resets == 1)
        #expect(await card.commands.count == 2)
    }

    @Test("a second reset sends RESET, power off forgets the ATR, and concurrent APDUs are queued one at a time")
    func controlMessages() async throws {
        let card = FakeCard()
        try await withCardServer(card) { port in
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            _ = try await reader.reset()
            _ = try await reader.reset()
            try await reader.powerOff()
            _ = try await reader.reset()
            let answers = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for index in 0..<20 {
                    group.addTask { (index, try await reader.transmit([0x00, 0xB0, 0x00, UInt8(index)])) }
                }
                var answers: [Int: [UInt8]] = [:]
                for try await (index, answer) in group { answers[index] = answer }
                return answers
            }
            for (index, answer) in answers {
                #expect(answer == [UInt8(index), 0x00, 0xB0, 0x00, 0x90, 0x00])
            }
            await reader.close()
        }
        #expect(await card.resets == 3)
    }

    @Test("a card error becomes status word 6F00 and the connection stays usable")
    func cardError() async throws {
        try await withCardServer(FakeCard()) { port in
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            #expect(try await reader.transmit([0xFF, 0x00, 0x00, 0x00]) == [0x6F, 0x00])
            #expect(try await reader.transmit([0x00, 0xC0, 0x00, 0x00]) == [0x00, 0x00, 0xC0, 0x00, 0x90, 0x00])
            await reader.close()
        }
    }

    @Test("GET ATR answers the ATR framed with its length")
    func getATRFraming() async throws {
        try await withCardServer(FakeCard()) { port in
            let raw = try await RawVPCDConnection.connect(port: port)
            // power on, get ATR, then an unknown control code (03) which closes the connection.
            let received = try await raw.sendAndReadUntilClosed([0x00, 0x01, 0x01, 0x00, 0x01, 0x04, 0x00, 0x01, 0x03])
            #expect(received == [0x00, UInt8(FakeCard.atr.count)] + FakeCard.atr)
        }
    }

    @Test("a malformed message closes only that connection", arguments: [
        [0x00, 0x01, 0x03] as [UInt8],   // unknown control code
        [0x00, 0x00],                    // empty message
    ])
    func malformedFrame(frame: [UInt8]) async throws {
        let card = FakeCard()
        try await withCardServer(card) { port in
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            _ = try await reader.reset()
            let raw = try await RawVPCDConnection.connect(port: port)
            #expect(try await raw.sendAndReadUntilClosed(frame).isEmpty)
            // The other connection and the server are unaffected.
            #expect(try await reader.transmit([0x00, 0x70, 0x00, 0x00]) == [0x00, 0x00, 0x70, 0x00, 0x90, 0x00])
            let again = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            #expect(try await again.reset() == FakeCard.atr)
            await again.close()
            await reader.close()
        }
    }

    @Test("a reader that floods unanswered messages is disconnected instead of buffered without bound")
    func flood() async throws {
        let card = FakeCard(delay: .milliseconds(300))
        try await withCardServer(card) { port in
            let raw = try await RawVPCDConnection.connect(port: port)
            let frame: [UInt8] = [0x00, 0x04, 0x00, 0xB0, 0x00, 0x00]
            let received = try await raw.sendAndReadUntilClosed(Array((0..<40).map { _ in frame }.joined()))
            // At most the answer to the first message made it out before the connection closed.
            #expect(received.count <= 8)
            let again = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            #expect(try await again.reset() == FakeCard.atr)
            await again.close()
        }
        #expect(await card.commands.count < 40)
    }

    @Test("the reader refuses a 1-byte command (it would read as a control code) without sending it")
    func shortCommand() async throws {
        let card = FakeCard()
        try await withCardServer(card) { port in
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port)
            await #expect(throws: CommandAPDU.Failure.tooShort) { _ = try await reader.transmit([0x04]) }
            await reader.close()
        }
        #expect(await card.commands.isEmpty)
    }

    @Test("graceful shutdown closes the server and its open connections")
    func shutdown() async throws {
        let server = VPCDCardServer(card: FakeCard(), host: "127.0.0.1", port: 0)
        let reader: VPCDReaderTransport = try await withRunningServices([server]) {
            let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: try await server.boundPort())
            _ = try await reader.reset()
            return reader
        }
        await #expect(throws: (any Error).self) { _ = try await reader.transmit([0x00, 0xA4, 0x00, 0x00]) }
        await #expect(throws: ServerStopped.self) { _ = try await server.boundPort() }
    }

    @Test("a reader that never answers times out instead of hanging")
    func responseTimeout() async throws {
        // A listener that accepts and stays silent.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { channel }
            }
        let port = try #require(silent.channel.localAddress?.port)
        let reader = try await VPCDReaderTransport.connect(host: "127.0.0.1", port: port, responseTimeout: .milliseconds(200))
        await #expect(throws: VPCDError.timedOut) { _ = try await reader.reset() }
        await reader.close()
        try await silent.channel.close()
    }

    @Test("the card client dials a vpcd reader and serves it until the reader hangs up")
    func cardClient() async throws {
        let card = FakeCard()
        // The test plays pcscd's vpcd: listen, accept one card, drive it with raw frames.
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(listener.channel.localAddress?.port)
        let client = VPCDCardClient(card: card, host: "127.0.0.1", port: port)
        async let served: Void = client.run()
        let received: [UInt8] = try await listener.executeThenClose { inbound in
            var connections = inbound.makeAsyncIterator()
            let connection = try #require(try await connections.next())
            return try await connection.executeThenClose { inbound, outbound in
                // power on, get ATR, one APDU.
                try await outbound.write(ByteBuffer(bytes: [0x00, 0x01, 0x01, 0x00, 0x01, 0x04, 0x00, 0x04, 0x00, 0xCA, 0x00, 0x5A]))
                var received: [UInt8] = []
                let expected = 2 + FakeCard.atr.count + 2 + 6
                for try await buffer in inbound {
                    received += Array(buffer.readableBytesView)
                    if received.count >= expected { break }
                }
                return received
            }
        }
        try await served
        #expect(received == [0x00, UInt8(FakeCard.atr.count)] + FakeCard.atr + [0x00, 0x06, 0x5A, 0x00, 0xCA, 0x00, 0x90, 0x00])
        #expect(await card.resets == 1)
    }
}
