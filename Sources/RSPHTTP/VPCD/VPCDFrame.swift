import NIOCore

/// The vsmartcard vpcd protocol (virtual PC/SC reader ↔ virtual card over TCP): each message is
/// a 2-byte big-endian length followed by that many bytes. A 1-byte message from the reader
/// is a control code; any longer message is a command APDU (from the reader) or a response
/// APDU / ATR (from the card).
public enum VPCDControl: UInt8, Sendable, CaseIterable {
    case powerOff = 0x00
    case powerOn = 0x01
    case reset = 0x02
    case getATR = 0x04
}

/// The default port a vpcd reader (pcscd's vsmartcard driver) listens on.
public let vpcdDefaultPort = 35963

/// Splits the byte stream into vpcd messages.
struct VPCDFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = [UInt8]

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return .needMoreData }
        guard buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        guard let payload = buffer.readBytes(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(payload))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A partial message left at EOF is dropped: the peer is gone.
        return .needMoreData
    }
}

/// Prefixes each outgoing message with its length.
struct VPCDFrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = [UInt8]

    func encode(data: [UInt8], out: inout ByteBuffer) throws {
        guard data.count <= Int(UInt16.max) else { throw VPCDError.messageTooLong(data.count) }
        out.writeInteger(UInt16(data.count))
        out.writeBytes(data)
    }
}

/// Failures of the vpcd link.
public enum VPCDError: Error, Hashable, Sendable, CustomStringConvertible {
    case messageTooLong(Int)
    /// A message that is neither a known control code nor an APDU; the connection is closed.
    case malformedMessage([UInt8])
    case connectionClosed
    case timedOut
    case notConnected

    public var description: String {
        switch self {
        case .messageTooLong(let count): "vpcd message of \(count) bytes exceeds 65535"
        case .malformedMessage(let bytes): "malformed vpcd message (\(bytes.count) bytes)"
        case .connectionClosed: "vpcd connection closed"
        case .timedOut: "vpcd peer did not answer in time"
        case .notConnected: "vpcd transport is not connected"
        }
    }
}

extension Channel {
    /// Installs the vpcd framing on a freshly accepted or connected TCP channel.
    func addVPCDFraming() throws {
        try pipeline.syncOperations.addHandler(ByteToMessageHandler(VPCDFrameDecoder()))
        try pipeline.syncOperations.addHandler(MessageToByteHandler(VPCDFrameEncoder()))
    }
}
