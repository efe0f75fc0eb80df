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

    /// Serves messages until the reader disconnects, or throws `VPCDError.malformedMessage`
    /// (the caller then closes this connection only).
    func serve(inbound: NIOAsyncChannelInboundStream<[UInt8]>, outbound: NIOAsyncChannelOutboundWriter<[UInt8]>) async throws {
        var atr: [UInt8]?
        for try await message in inbound {
            if let reply = try await answer(message, atr: &atr) {
                try await outbound.write(reply)
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
}
