import Logging
import NIOCore
import RSPCore

/// The card side of one vpcd connection: answers the reader's control messages and passes
/// command APDUs to the card (`APDUTransport`), sending back its responses.
///
/// Shared by `VPCDCardServer` (the card listens) and `VPCDCardClient` (the card dials the reader).
struct VPCDCardSession {
    let card: any APDUTransport
    let logger: Logger

    /// Serves the messages of one connection in order until the reader disconnects; a malformed
    /// message ends the session with `VPCDError.malformedMessage`. The caller closes the channel.
    func serve(_ messages: AsyncStream<[UInt8]>, on channel: any Channel) async throws {
        var atr: [UInt8]?
        for await message in messages {
            if let reply = try await answer(message, atr: &atr) {
                try await channel.writeAndFlush(reply)
            }
        }
    }

    /// The reply to one message, nil for control messages that have none.
    func answer(_ message: [UInt8], atr: inout [UInt8]?) async throws -> [UInt8]? {
        switch message.count {
        case 0:
            throw VPCDError.malformedMessage(message)
        case 1:
            guard let control = VPCDControl(rawValue: message[0]) else { throw VPCDError.malformedMessage(message) }
            switch control {
            case .powerOff:
                atr = nil
                return nil
            case .powerOn, .reset:
                atr = try await card.reset()
                return nil
            case .getATR:
                if atr == nil { atr = try await card.reset() }
                return atr
            }
        default:
            do {
                return try await card.transmit(message)
            } catch {
                // The card failed to process the APDU: report "no precise diagnosis" (ISO 7816-4).
                logger.warning("card failed to process an APDU: \(String(describing: type(of: error)))")
                return [0x6F, 0x00]
            }
        }
    }

    /// Serves one connection and closes it afterwards, whatever happened.
    func run(_ messages: AsyncStream<[UInt8]>, on channel: any Channel) async {
        let peer = channel.remoteAddress?.description ?? "?"
        logger.info("vpcd reader \(peer) connected")
        do {
            try await serve(messages, on: channel)
            logger.info("vpcd reader \(peer) disconnected")
        } catch {
            logger.warning("vpcd connection with \(peer) closed: \(error)")
        }
        try? await channel.close()
    }
}

/// Hands a connection's decoded messages to its session, in order.
///
/// vpcd is strictly request/response: a reader has one message outstanding. More than
/// `maxPending` unanswered messages is a misbehaving peer, and its connection is closed
/// rather than buffered without bound.
final class VPCDInboundHandler: ChannelInboundHandler {
    typealias InboundIn = [UInt8]

    static let maxPending = 16
    private let continuation: AsyncStream<[UInt8]>.Continuation

    /// A handler and the stream of messages it delivers.
    static func make() -> (VPCDInboundHandler, AsyncStream<[UInt8]>) {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingOldest(maxPending))
        return (VPCDInboundHandler(continuation: continuation), stream)
    }

    private init(continuation: AsyncStream<[UInt8]>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .dropped = continuation.yield(unwrapInboundIn(data)) {
            continuation.finish()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish()
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        continuation.finish()
    }
}

extension Channel {
    /// Installs the card side of vpcd on a TCP channel; returns the stream of reader messages.
    func addVPCDCardHandlers() throws -> AsyncStream<[UInt8]> {
        try addVPCDFraming()
        let (handler, messages) = VPCDInboundHandler.make()
        try pipeline.syncOperations.addHandler(handler)
        return messages
    }
}
