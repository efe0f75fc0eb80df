import NIOCore
import NIOPosix
import RSPCore
import Synchronization

/// The reader side of vpcd over TCP, as an `APDUTransport`: the LPA talks through it to a card
/// served by `VPCDCardServer` (`tcp://host:port`), another process's eUICC included.
///
/// Requests are answered in order on one connection; each answer must come within
/// `responseTimeout`, otherwise the call fails and the connection is closed (a card that
/// stopped answering cannot be resynchronised). Call `close()` when done.
public final class VPCDReaderTransport: APDUTransport {
    private let channel: any Channel
    private let responseTimeout: TimeAmount
    private let powered = Mutex(false)

    private init(channel: any Channel, responseTimeout: TimeAmount) {
        self.channel = channel
        self.responseTimeout = responseTimeout
    }

    public static func connect(
        host: String, port: Int, connectTimeout: TimeAmount = .seconds(10), responseTimeout: TimeAmount = .seconds(30)
    ) async throws -> VPCDReaderTransport {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.addVPCDFraming()
                    try channel.pipeline.syncOperations.addHandler(VPCDReaderHandler())
                }
            }
            .connect(host: host, port: port).get()
        return VPCDReaderTransport(channel: channel, responseTimeout: responseTimeout)
    }

    /// Powers the card on (the first time) or resets it, then asks for its ATR.
    public func reset() async throws -> [UInt8] {
        let wasPowered = powered.withLock { powered in
            defer { powered = true }
            return powered
        }
        _ = try await send([wasPowered ? VPCDControl.reset.rawValue : VPCDControl.powerOn.rawValue], expectsReply: false)
        guard let atr = try await send([VPCDControl.getATR.rawValue], expectsReply: true), !atr.isEmpty else {
            throw VPCDError.malformedMessage([])
        }
        return atr
    }

    public func powerOff() async throws {
        powered.withLock { $0 = false }
        _ = try await send([VPCDControl.powerOff.rawValue], expectsReply: false)
    }

    public func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        // A 1-byte message would be read as a control code: no APDU is that short.
        guard command.count >= 4 else { throw CommandAPDU.Failure.tooShort }
        guard let response = try await send(command, expectsReply: true), response.count >= 2 else {
            throw CommandAPDU.Failure.tooShort
        }
        return response
    }

    public func close() async {
        try? await channel.close()
    }

    private func send(_ message: [UInt8], expectsReply: Bool) async throws -> [UInt8]? {
        guard channel.isActive else { throw VPCDError.notConnected }
        let promise = channel.eventLoop.makePromise(of: [UInt8]?.self)
        let channel = self.channel
        let timeout = channel.eventLoop.scheduleTask(in: responseTimeout) {
            promise.fail(VPCDError.timedOut)
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timeout.cancel() }
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { result in
            switch result {
            case .success: if !expectsReply { promise.succeed(nil) }
            // The connection closed before the message went out: no answer will come.
            case .failure(let error): promise.fail(error)
            }
        }
        channel.writeAndFlush(VPCDReaderHandler.Request(message: message, reply: expectsReply ? promise : nil), promise: written)
        return try await promise.futureResult.get()
    }
}

/// Keeps the reader side strictly request/response, as vpcd is: a message goes out only once
/// the answer to the previous one came back; callers issuing APDUs concurrently are queued.
final class VPCDReaderHandler: ChannelDuplexHandler {
    struct Request {
        var message: [UInt8]
        var reply: EventLoopPromise<[UInt8]?>?
    }

    typealias InboundIn = [UInt8]
    typealias OutboundIn = Request
    typealias OutboundOut = [UInt8]

    private var queue = CircularBuffer<(request: Request, written: EventLoopPromise<Void>?)>()
    private var awaiting: EventLoopPromise<[UInt8]?>?
    private var closed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            request.reply?.fail(VPCDError.connectionClosed)
            promise?.fail(VPCDError.connectionClosed)
            return
        }
        queue.append((request, promise))
        sendNext(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reply = awaiting else {
            // An answer nobody asked for: the link is out of step.
            context.close(promise: nil)
            return
        }
        awaiting = nil
        reply.succeed(unwrapInboundIn(data))
        sendNext(context: context)
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        failAll(VPCDError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    /// Writes queued messages until one that expects an answer is on its way.
    private func sendNext(context: ChannelHandlerContext) {
        while awaiting == nil, let (request, written) = queue.popFirst() {
            awaiting = request.reply
            context.write(wrapOutboundOut(request.message), promise: written)
        }
    }

    private func failAll(_ error: any Error) {
        awaiting?.fail(error)
        awaiting = nil
        while let (request, written) = queue.popFirst() {
            request.reply?.fail(error)
            written?.fail(error)
        }
    }
}
