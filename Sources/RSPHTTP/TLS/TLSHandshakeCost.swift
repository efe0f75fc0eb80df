import NIOCore
import NIOEmbedded
import NIOSSL
import NIOTLS

/// One TLS handshake between an LPA and an SM-DP+, both ends in this thread over in-memory
/// channels: the CPU a new device connection costs in TLS (key exchange, the server's
/// signature, the LPA's chain and signature checks, BoringSSL's state machine and NIOSSL's
/// handlers), without TCP, the kernel or an event loop. `openrsp bench` reports it next to the
/// cryptographic ceiling, which leaves it out: a device that keeps its connection pays it once.
public struct TLSHandshakeCost {
    private let server: NIOSSLContext
    private let client: NIOSSLContext
    private let serverName: String

    /// The contexts `serve` and the LPA build, once: `server` as an ES9+ listener uses it, the
    /// client trusting `trust` and checking `serverName` in the server's certificate. A client
    /// offering only `clientGroups` (nil: the LPA's defaults) stands for another kind of device.
    public init(server: TLSOptions, trust: RSPTLS.Trust, serverName: String, clientGroups: [TLSKeyExchangeGroup]? = nil) throws {
        self.server = try NIOSSLContext(configuration: try server.serverConfiguration())
        var client = try RSPTLS.clientConfiguration(trust: trust)
        client.curves = clientGroups?.map(\.curve)
        self.client = try NIOSSLContext(configuration: client)
        self.serverName = serverName
    }

    /// Runs one full handshake and the close that ends the connection; throws when the handshake
    /// fails (an untrusted chain, a wrong name) or does not finish.
    public func handshake() throws {
        let clientChannel = EmbeddedChannel()
        let serverChannel = EmbeddedChannel()
        defer {
            // NIOSSL closes once the peer's close_notify arrived or its timeout ran out: start both
            // closes (a failed handshake leaves the server open), hand the alerts over, then let
            // the embedded clock pass the timeouts, so that `finish` finds nothing to wait for.
            clientChannel.close(promise: nil)
            serverChannel.close(promise: nil)
            try? Self.deliver(from: clientChannel, to: serverChannel)
            try? Self.deliver(from: serverChannel, to: clientChannel)
            clientChannel.embeddedEventLoop.advanceTime(by: .minutes(1))
            serverChannel.embeddedEventLoop.advanceTime(by: .minutes(1))
            _ = try? clientChannel.finish(acceptAlreadyClosed: true)
            _ = try? serverChannel.finish(acceptAlreadyClosed: true)
        }
        let clientDone = HandshakeCompletion()
        let serverDone = HandshakeCompletion()
        try clientChannel.pipeline.syncOperations.addHandlers(
            try NIOSSLClientHandler(context: client, serverHostname: serverName), clientDone)
        try serverChannel.pipeline.syncOperations.addHandlers(NIOSSLServerHandler(context: server), serverDone)
        // An address no certificate names (TEST-NET-1): NIOSSL also accepts a certificate whose IP
        // address is the peer's, and only the server name is to authenticate the server here.
        let address = try SocketAddress(ipAddress: "192.0.2.1", port: 443)
        try serverChannel.connect(to: address).wait()
        try clientChannel.connect(to: address).wait()
        // A TLS 1.3 handshake takes three flights; a bound instead of a loop that could spin.
        for _ in 0..<8 where !(clientDone.completed && serverDone.completed) {
            try Self.deliver(from: clientChannel, to: serverChannel)
            try Self.deliver(from: serverChannel, to: clientChannel)
        }
        guard clientDone.completed, serverDone.completed else { throw Unfinished() }
    }

    /// Both ends took their turns and a side still waits for the other.
    public struct Unfinished: Error {}

    private static func deliver(from sender: EmbeddedChannel, to receiver: EmbeddedChannel) throws {
        while let bytes = try sender.readOutbound(as: ByteBuffer.self) {
            try receiver.writeInbound(bytes)
        }
    }
}

/// Notes NIOSSL's handshake-completed event.
private final class HandshakeCompletion: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private(set) var completed = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { completed = true }
        context.fireUserInboundEventTriggered(event)
    }
}
