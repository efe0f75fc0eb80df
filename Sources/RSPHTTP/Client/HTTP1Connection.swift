import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// One keep-alive HTTP/1.1 connection to one server, over TLS or plain, for a caller that makes one
/// call at a time — an LPA within an RSP session, or one simulated device of the bench. Calls made
/// together take turns on it.
///
/// It is opened by the first call, and opened again by the next call once the server closed it. A
/// request that never left (the connection was found closed) is sent again on the new connection;
/// one that was written is never repeated: an ES9+ function is not idempotent.
///
/// Against AsyncHTTPClient's pool this saves its request state machine and streaming response
/// body: a call is one hop to the event loop and one back.
final class HTTP1Connection: Sendable {
    private let host: String
    private let port: Int
    /// The `Host` header: the address as given (`host[:port]`).
    private let authority: String
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    private let connectTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let maxResponseSize: Int
    private let headers: HTTPHeaders
    private let state = Mutex(State())
    private let opened = Atomic<Int>(0)

    private struct State {
        var channel: (any Channel)?
        /// A connection being opened: calls arriving meanwhile wait for it instead of opening another.
        var connecting: EventLoopFuture<any Channel>?
        var closed = false
    }

    /// - Parameters:
    ///   - address: `host`, `host:port` or `[v6]:port`; the port defaults to 443 with TLS, 80 without.
    ///   - tls: the client TLS configuration, nil for plain HTTP.
    ///   - headers: sent with every request (Host and Content-Length are added).
    init(
        address: String, tls: TLSConfiguration?, group: any EventLoopGroup, connectTimeout: TimeAmount,
        requestTimeout: TimeAmount, maxResponseSize: Int, headers: HTTPHeaders
    ) throws {
        guard let (host, port) = Self.split(address, defaultPort: tls == nil ? 80 : 443) else {
            throw ES9PlusHTTPClientError.invalidAddress(address)
        }
        self.host = host
        self.port = port
        self.authority = address
        self.tls = try tls.map { try NIOSSLContext(configuration: $0) }
        self.group = group
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseSize = maxResponseSize
        self.headers = headers
    }

    /// POSTs `body` to `path` and returns the whole answer.
    func post(path: String, body: [UInt8]) async throws -> RSPRawResponse {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
        head.headers.add(name: "Host", value: authority)
        head.headers.add(name: "Content-Length", value: String(body.count))
        let payload = ByteBuffer(bytes: body)
        let channel = try await channel()
        do {
            return try await exchange(head, payload, on: channel)
        } catch HTTP1ExchangeError.closedBeforeSent {
            // The server closed the idle connection: nothing was sent, so sending on a new one is safe.
            return try await exchange(head, payload, on: try await self.channel(replacing: channel))
        }
    }

    /// Whether a connection is open (tests wait on it for a server's close to arrive).
    var isConnected: Bool {
        state.withLock { $0.channel?.isActive ?? false }
    }

    /// Connections opened so far (TCP connect, and over TLS a full handshake, each).
    var connectionsOpened: Int { opened.load(ordering: .relaxed) }

    /// Closes the connection; later calls fail.
    func shutdown() async throws {
        state.withLock { $0.closed = true }
        await disconnect()
    }

    /// Closes the open connection, if any, as a client ending its session does; the next call opens
    /// a new one. For a caller with no call in progress.
    func disconnect() async {
        let (channel, connecting) = state.withLock { state in
            defer { (state.channel, state.connecting) = (nil, nil) }
            return (state.channel, state.connecting)
        }
        try? await channel?.close()
        if let opened = try? await connecting?.get() { try? await opened.close() }
    }

    private func exchange(_ head: HTTPRequestHead, _ body: ByteBuffer, on channel: any Channel) async throws -> RSPRawResponse {
        let answer = channel.eventLoop.makePromise(of: RSPRawResponse.self)
        // A write that never reached the handler (the channel closed and its pipeline was torn
        // down meanwhile) fails here; one that did is answered by the handler.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in answer.fail(HTTP1ExchangeError.closedBeforeSent) }
        channel.writeAndFlush(HTTP1Exchange(head: head, body: body, promise: answer), promise: written)
        return try await answer.futureResult.get()
    }

    /// The open connection, or a new one when there is none or the server closed it.
    private func channel(replacing stale: (any Channel)? = nil) async throws -> any Channel {
        let next: Next = try state.withLock { state in
            guard !state.closed else { throw HTTP1ExchangeError.closedBeforeSent }
            if let channel = state.channel, channel.isActive, channel !== stale { return .open(channel) }
            state.channel = nil
            if let connecting = state.connecting { return .connecting(connecting) }
            let connecting = connect()
            state.connecting = connecting
            return .connecting(connecting)
        }
        switch next {
        case .open(let channel):
            return channel
        case .connecting(let connecting):
            let result: Result<any Channel, any Error>
            do { result = .success(try await connecting.get()) } catch { result = .failure(error) }
            // The first caller to get here records the outcome. A failed attempt is not kept, so the
            // next call tries again; after a shutdown, `shutdown` closes what was opened.
            state.withLock { state in
                guard state.connecting === connecting else { return }
                state.connecting = nil
                state.channel = try? result.get()
            }
            return try result.get()
        }
    }

    private enum Next {
        case open(any Channel)
        case connecting(EventLoopFuture<any Channel>)
    }

    /// Connects and, over TLS, completes the handshake: the channel is ready for requests.
    private func connect() -> EventLoopFuture<any Channel> {
        let tls = self.tls
        let host = self.host
        let maxResponseSize = self.maxResponseSize
        let requestTimeout = self.requestTimeout
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)
        if tls == nil { handshake.succeed(()) }
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        // An IP address is not a server name (SNI): NIOSSL then checks the
                        // certificate's IP addresses against the peer's.
                        let name = Self.isIPAddress(host) ? nil : host
                        try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: name))
                    }
                    try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
                    try pipeline.addHandler(HTTP1ExchangeHandler(
                        maxResponseSize: maxResponseSize, timeout: requestTimeout, handshake: tls == nil ? nil : handshake))
                }
            }
            .connect(host: host, port: port)
            .flatMapErrorThrowing { error in
                // One timeout error, whichever phase ran out of it (TCP connect or TLS handshake).
                if case ChannelError.connectTimeout = error { throw HTTP1ExchangeError.timedOut }
                throw error
            }
        connected.whenFailure { handshake.fail($0) }
        let connectTimeout = self.connectTimeout
        return connected.flatMap { channel in
            // A server that accepts but never finishes the handshake is given the connect timeout.
            let deadline = loop.scheduleTask(in: connectTimeout) { handshake.fail(HTTP1ExchangeError.timedOut) }
            return handshake.futureResult.always { _ in deadline.cancel() }.map {
                self.opened.add(1, ordering: .relaxed)
                return channel
            }.flatMapError { error in
                channel.close(promise: nil)
                return loop.makeFailedFuture(error)
            }
        }
    }

    /// `host`, `host:port` or `[v6]:port` as host and port; nil for a malformed port.
    static func split(_ address: String, defaultPort: Int) -> (host: String, port: Int)? {
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else { return nil }
            let host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            if rest.isEmpty { return (host, defaultPort) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
            return (host, port)
        }
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (address, defaultPort)
        case 2:
            guard !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
