import Logging
import NIOCore
import NIOPosix
import RSPCore
import ServiceLifecycle

/// A virtual card listening for vpcd readers (vsmartcard's "reversed" mode): each accepted TCP
/// connection is a reader talking to `card`. `openrsp euicc serve --listen` runs the software
/// eUICC this way; the LPA reaches it with `VPCDReaderTransport`.
///
/// A `Service`: graceful shutdown stops accepting and closes open connections (a reader keeps
/// its connection for as long as it runs). A malformed message closes only the connection
/// that sent it.
public struct VPCDCardServer: Service {
    public let card: any APDUTransport
    public let host: String
    public let port: Int
    public let logger: Logger
    private let readiness = ServerReadiness()

    public init(card: any APDUTransport, host: String = "127.0.0.1", port: Int = vpcdDefaultPort,
                logger: Logger = Logger(label: "openrsp.vpcd.card")) {
        self.card = card
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The port the server listens on, once it does (port 0 picks a free one).
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }

    public func run() async throws {
        let registry = VPCDConnectionRegistry()
        let (connections, accepted) = AsyncStream.makeStream(of: (channel: any Channel, messages: AsyncStream<[UInt8]>).self)
        let serverChannel: any Channel
        do {
            serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let messages = try channel.addVPCDCardHandlers()
                        // After shutdown began the registry refuses (and closes) new connections.
                        if registry.add(channel) {
                            accepted.yield((channel, messages))
                        }
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            await readiness.stopped(ServerStopped(reason: "bind failed: \(error)"))
            throw error
        }
        await readiness.listening(port: serverChannel.localAddress?.port ?? 0)
        let session = VPCDCardSession(card: card, logger: logger)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await connection in connections {
                    group.addTask {
                        await session.run(connection.messages, on: connection.channel)
                        registry.remove(connection.channel)
                    }
                }
            }
        } onGracefulShutdown: {
            accepted.finish()
            registry.closeAll()
            serverChannel.close(promise: nil)
        }
        try? await serverChannel.closeFuture.get()
        await readiness.stopped(ServerStopped(reason: "shut down"))
    }
}
