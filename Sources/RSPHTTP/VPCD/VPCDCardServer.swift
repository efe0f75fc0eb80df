import Logging
import NIOCore
import NIOPosix
import RSPCore
import ServiceLifecycle

/// A virtual card listening for vpcd readers (vsmartcard's "reversed" mode): each accepted TCP
/// connection is a reader talking to `card`. `openrsp euicc serve --listen` runs the software
/// eUICC this way; the LPA reaches it with `VPCDReaderTransport`.
///
/// A `Service`: graceful shutdown stops accepting and closes open connections. A malformed
/// message closes only the connection that sent it.
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
        let serverChannel: NIOAsyncChannel<NIOAsyncChannel<[UInt8], [UInt8]>, Never>
        do {
            serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.addVPCDFraming()
                        return try NIOAsyncChannel<[UInt8], [UInt8]>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            await readiness.stopped(ServerStopped(reason: "bind failed: \(error)"))
            throw error
        }
        await readiness.listening(port: serverChannel.channel.localAddress?.port ?? 0)
        let connections = VPCDConnectionRegistry()
        let session = VPCDCardSession(card: card, logger: logger)
        let logger = self.logger
        await withGracefulShutdownHandler {
            do {
                try await serverChannel.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in inbound {
                            guard connections.add(connection.channel) else { continue }
                            group.addTask {
                                await Self.serve(connection, session: session, logger: logger)
                                connections.remove(connection.channel)
                            }
                        }
                    }
                }
            } catch {
                logger.info("vpcd card server stopped accepting: \(error)")
            }
        } onGracefulShutdown: {
            serverChannel.channel.close(promise: nil)
            connections.closeAll()
        }
        await readiness.stopped(ServerStopped(reason: "shut down"))
    }

    static func serve(_ connection: NIOAsyncChannel<[UInt8], [UInt8]>, session: VPCDCardSession, logger: Logger) async {
        let peer = connection.channel.remoteAddress?.description ?? "?"
        logger.info("vpcd reader connected from \(peer)")
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await session.serve(inbound: inbound, outbound: outbound)
            }
            logger.info("vpcd reader \(peer) disconnected")
        } catch {
            logger.warning("vpcd connection from \(peer) closed: \(error)")
        }
    }
}
