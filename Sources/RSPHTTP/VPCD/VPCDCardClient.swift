import Logging
import NIOCore
import NIOPosix
import RSPCore
import ServiceLifecycle

/// A virtual card that dials a vpcd reader (vsmartcard's default mode: pcscd's vpcd driver
/// listens on port 35963) and serves `card` over that connection.
/// `openrsp euicc serve --connect host:port` runs the software eUICC this way.
///
/// A `Service`: `run()` returns when the reader closes the connection or on graceful shutdown.
public struct VPCDCardClient: Service {
    public let card: any APDUTransport
    public let host: String
    public let port: Int
    public let logger: Logger

    public init(card: any APDUTransport, host: String = "127.0.0.1", port: Int = vpcdDefaultPort,
                logger: Logger = Logger(label: "openrsp.vpcd.card")) {
        self.card = card
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func run() async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    (channel, try channel.addVPCDCardHandlers())
                }
            }
        let session = VPCDCardSession(card: card, logger: logger)
        await withGracefulShutdownHandler {
            await session.run(channel.1, on: channel.0)
        } onGracefulShutdown: {
            channel.0.close(promise: nil)
        }
    }
}
