import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A plain HTTP/1.1 server on 127.0.0.1 that answers every request as its script says, and counts
/// the connections it accepted and the requests it read: for the client behaviours a real SGP.22
/// server does not show on demand (closing connections, huge or missing answers).
final class ScriptedHTTPServer: Sendable {
    enum Answer: Sendable {
        /// HTTP 200 with a body of this many bytes; keep-alive.
        case ok(bodySize: Int)
        /// HTTP 200, `Connection: close`, then the server closes.
        case okThenClose
        /// HTTP 200 without announcing it, then the server closes (as an idle timeout would, at once).
        case okThenDrop
        /// Never answers.
        case silent
        /// Accepts connections and ignores every byte: not even HTTP (or TLS) is spoken.
        case mute
    }

    private let channel: any Channel
    private let counts: Counts

    private final class Counts: Sendable {
        let value = Mutex<(connections: Int, requests: Int)>((0, 0))
    }

    var port: Int { channel.localAddress?.port ?? 0 }
    var connections: Int { counts.value.withLock { $0.connections } }
    var requests: Int { counts.value.withLock { $0.requests } }

    static func start(_ answer: Answer) async throws -> ScriptedHTTPServer {
        let counts = Counts()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                counts.value.withLock { $0.connections += 1 }
                if case .mute = answer { return child.eventLoop.makeSucceededVoidFuture() }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder(answer: answer) { counts.value.withLock { $0.requests += 1 } })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedHTTPServer(channel: channel, counts: counts)
    }

    private init(channel: any Channel, counts: Counts) {
        self.channel = channel
        self.counts = counts
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let answer: Answer
        let counted: @Sendable () -> Void

        init(answer: Answer, counted: @escaping @Sendable () -> Void) {
            self.answer = answer
            self.counted = counted
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            counted()
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            let body: ByteBuffer
            switch answer {
            case .silent, .mute:
                return
            case .ok(let size):
                body = ByteBuffer(repeating: UInt8(ascii: "a"), count: size)
            case .okThenClose:
                head.headers.add(name: "Connection", value: "close")
                body = ByteBuffer(string: "closing")
            case .okThenDrop:
                body = ByteBuffer(string: "dropping")
            }
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            switch answer {
            case .okThenClose, .okThenDrop:
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
            default:
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
