import NIOCore
import NIOHTTP1
import NIOTLS

/// One request and the promise its answer completes, as written to an `HTTP1Connection`'s channel.
struct HTTP1Exchange {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var promise: EventLoopPromise<RSPRawResponse>
}

/// Why an exchange on an `HTTP1Connection` got no answer.
enum HTTP1ExchangeError: Error, Hashable, Sendable {
    /// The connection closed before the request was written: nothing reached the server, so it
    /// can be sent again on a new connection.
    case closedBeforeSent
    /// The connection closed after the request was written and before its whole answer arrived.
    case closedBeforeAnswered
    case timedOut
    case responseTooLarge
}

/// Sends the exchanges written to it one at a time (the next one only after the previous answer
/// ended: no pipelining, which a server may not support) and completes each with its status and
/// whole body. Everything runs on the channel's event loop; an answer larger than `maxResponseSize`,
/// a call taking longer than `timeout`, or any error closes the connection and fails what is pending.
final class HTTP1ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTP1Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private let maxResponseSize: Int
    private let timeout: TimeAmount
    /// Completed when the TLS handshake finished (or failed): a connection is used only then, so
    /// that a refused certificate fails the call with its own error.
    private var handshake: EventLoopPromise<Void>?
    private var waiting = CircularBuffer<HTTP1Exchange>()
    private var current: Current?

    private struct Current {
        var exchange: HTTP1Exchange
        var deadline: Scheduled<Void>
        var status = 0
        var keepAlive = true
        var body: ByteBuffer?
    }

    /// - Parameter handshake: completed once the connection's TLS handshake succeeded, failed
    ///   with its error otherwise; nil on plain HTTP.
    init(maxResponseSize: Int, timeout: TimeAmount, handshake: EventLoopPromise<Void>?) {
        self.maxResponseSize = maxResponseSize
        self.timeout = timeout
        self.handshake = handshake
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent {
            handshake?.succeed(())
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        promise?.succeed(())
        let exchange = unwrapOutboundIn(data)
        guard context.channel.isActive else { return exchange.promise.fail(HTTP1ExchangeError.closedBeforeSent) }
        waiting.append(exchange)
        if current == nil { sendNext(context) }
    }

    private func sendNext(_ context: ChannelHandlerContext) {
        guard context.channel.isActive, let exchange = waiting.popFirst() else { return }
        let deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.fail(context, HTTP1ExchangeError.timedOut)
        }
        current = Current(exchange: exchange, deadline: deadline)
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // An answer nobody asked for: the connection is out of step, so it is not used again.
        guard current != nil else { return context.close(promise: nil) }
        switch unwrapInboundIn(data) {
        case .head(let head):
            current?.status = Int(head.status.code)
            current?.keepAlive = head.isKeepAlive
        case .body(var part):
            let received = (current?.body?.readableBytes ?? 0) + part.readableBytes
            guard received <= maxResponseSize else { return fail(context, HTTP1ExchangeError.responseTooLarge) }
            if current?.body == nil {
                current?.body = part
            } else {
                current?.body?.writeBuffer(&part)
            }
        case .end:
            guard let done = current else { return }
            current = nil
            done.deadline.cancel()
            let body = done.body.map { Array($0.readableBytesView) } ?? []
            done.exchange.promise.succeed(RSPRawResponse(status: done.status, body: body))
            if done.keepAlive {
                sendNext(context)
            } else {
                failWaiting(HTTP1ExchangeError.closedBeforeSent)
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionGone()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake?.fail(error)
        handshake = nil
        fail(context, error)
    }

    /// Fails the exchange in flight with `error` (and those waiting, which were never sent) and
    /// closes the connection: after an error or a timeout its state is unknown.
    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        failAll(current: error, waiting: HTTP1ExchangeError.closedBeforeSent)
        context.close(promise: nil)
    }

    private func failAll(current error: any Error, waiting waitingError: any Error) {
        if let done = current {
            current = nil
            done.deadline.cancel()
            done.exchange.promise.fail(error)
        }
        failWaiting(waitingError)
    }

    private func failWaiting(_ error: any Error) {
        while let exchange = waiting.popFirst() { exchange.promise.fail(error) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connectionGone()
    }

    /// The connection closed (or this handler left it): whatever was not answered never will be.
    private func connectionGone() {
        handshake?.fail(HTTP1ExchangeError.closedBeforeSent)
        handshake = nil
        failAll(current: HTTP1ExchangeError.closedBeforeAnswered, waiting: HTTP1ExchangeError.closedBeforeSent)
    }
}
