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
    /// The TLS server name (SNI and certificate check); nil for an IP address, whose certificate
    /// NIOSSL checks against the peer's address instead.
    private let serverName: String?
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
    /// The address the host name last resolved to, and until when to use it. A lock of its own:
    /// `connect` runs under `state`'s.
    private let resolved = Mutex<(address: SocketAddress, expires: NIODeadline)?>(nil)

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
        self.serverName = Self.isIPAddress(host) ? nil : host
        self.authority = address
        self.tls = try tls.map { try NIOSSLContext(configuration: $0) }
        self.group = group
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseSize = maxResponseSize
        self.headers = headers
    }

    /// POSTs `body` to `path` and returns the whole answer.
    ///
    /// The request is written on the event loop as soon as the connection is ready: a call that
    /// opens one waits once, for its answer, not also for the handshake to hand the channel back
    /// to it before it writes (two thread hops less per new connection, and the request follows
    /// the handshake's last flight at once).
    func post(path: String, body: [UInt8]) async throws -> RSPRawResponse {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
        head.headers.add(name: "Host", value: authority)
        head.headers.add(name: "Content-Length", value: String(body.count))
        let payload = ByteBuffer(bytes: body)
        do {
            return try await send(head, payload, replacing: nil)
        } catch let unsent as Unsent {
            // The server closed the idle connection: nothing was sent, so sending on a new one is safe.
            do {
                return try await send(head, payload, replacing: unsent.channel)
            } catch is Unsent {
                throw HTTP1ExchangeError.closedBeforeSent
            }
        }
    }

    /// The request was not sent on `channel`, which was found closed.
    private struct Unsent: Error {
        let channel: any Channel
    }

    /// One attempt: the request on the open connection, or on a new one (not `stale`).
    private func send(_ head: HTTPRequestHead, _ body: ByteBuffer, replacing stale: (any Channel)?) async throws -> RSPRawResponse {
        try await channel(replacing: stale).flatMap { channel in
            self.exchange(head, body, on: channel).flatMapErrorThrowing { error in
                if case HTTP1ExchangeError.closedBeforeSent = error { throw Unsent(channel: channel) }
                throw error
            }
        }.get()
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

    private func exchange(_ head: HTTPRequestHead, _ body: ByteBuffer, on channel: any Channel) -> EventLoopFuture<RSPRawResponse> {
        let answer = channel.eventLoop.makePromise(of: RSPRawResponse.self)
        // A write that never reached the handler (the channel closed and its pipeline was torn
        // down meanwhile) fails here; one that did is answered by the handler.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in answer.fail(HTTP1ExchangeError.closedBeforeSent) }
        channel.writeAndFlush(HTTP1Exchange(head: head, body: body, promise: answer), promise: written)
        return answer.futureResult
    }

    /// The open connection, or a new one when there is none or the server closed it. A new one is
    /// recorded as the open connection on its event loop, as it becomes ready, before the callers
    /// waiting for it write.
    private func channel(replacing stale: (any Channel)?) throws -> EventLoopFuture<any Channel> {
        let (ready, started): (EventLoopFuture<any Channel>, EventLoopFuture<any Channel>?) = try state.withLock { state in
            guard !state.closed else { throw HTTP1ExchangeError.closedBeforeSent }
            if let channel = state.channel, channel.isActive, channel !== stale {
                return (channel.eventLoop.makeSucceededFuture(channel), nil)
            }
            state.channel = nil
            if let connecting = state.connecting { return (connecting, nil) }
            let connecting = connect()
            state.connecting = connecting
            return (connecting, connecting)
        }
        // Outside the lock: a future that is already complete runs its callback at once. A failed
        // attempt is not kept, so the next call tries again; after a shutdown, `shutdown` closes
        // what was opened.
        started?.whenComplete { result in
            self.state.withLock { state in
                guard state.connecting === started else { return }
                state.connecting = nil
                state.channel = try? result.get()
            }
        }
        return ready
    }

    /// Connects and, over TLS, completes the handshake: the channel is ready for requests.
    ///
    /// The address the host name resolved to is kept for `addressLifetime` and the next
    /// connections go straight to it, as a resolver cache would let them: resolving the name for
    /// every connection (getaddrinfo on a Dispatch thread, then Happy Eyeballs) cost a client
    /// about as much CPU as the TLS handshake's key exchange. A kept address that does not accept
    /// the TCP connection is forgotten and the name resolved again at once; a handshake that fails
    /// after the server accepted is the server's answer, and is not tried again elsewhere.
    private func connect() -> EventLoopFuture<any Channel> {
        let loop = group.next()
        let attempt: EventLoopFuture<any Channel>
        if let known = keptAddress {
            attempt = connect(to: .address(known), on: loop).flatMapError { error in
                if error is AfterAccept { return loop.makeFailedFuture(error) }
                self.resolved.withLock { $0 = nil }
                return self.resolveAndConnect(on: loop)
            }
        } else {
            attempt = resolveAndConnect(on: loop)
        }
        return attempt.flatMapErrorThrowing { error in throw (error as? AfterAccept)?.error ?? error }
    }

    /// A failure once the TCP connection was up (the TLS handshake, or its timeout).
    private struct AfterAccept: Error {
        var error: any Error
    }

    /// Connects by host name, and keeps the address that answered.
    private func resolveAndConnect(on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        connect(to: .name, on: loop).map { channel in
            if let address = channel.remoteAddress { self.keep(address) }
            return channel
        }
    }

    /// Keeps `address` for the next connections, for `addressLifetime`.
    func keep(_ address: SocketAddress) {
        resolved.withLock { $0 = (address, .now() + Self.addressLifetime) }
    }

    /// The address the next connection goes to without resolving the name, if any.
    var keptAddress: SocketAddress? {
        resolved.withLock { $0.flatMap { NIODeadline.now() < $0.expires ? $0.address : nil } }
    }

    /// How long a resolved address is used before the name is resolved again.
    static let addressLifetime: TimeAmount = .seconds(60)

    private enum Target {
        case name
        case address(SocketAddress)
    }

    /// One attempt: TCP connect to `target`, then over TLS the handshake with the host name.
    private func connect(to target: Target, on loop: any EventLoop) -> EventLoopFuture<any Channel> {
        let tls = self.tls
        let serverName = self.serverName
        let maxResponseSize = self.maxResponseSize
        let requestTimeout = self.requestTimeout
        let handshake = loop.makePromise(of: Void.self)
        if tls == nil { handshake.succeed(()) }
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .fireError)
                    try pipeline.addHandler(HTTP1ExchangeHandler(
                        maxResponseSize: maxResponseSize, timeout: requestTimeout, handshake: tls == nil ? nil : handshake))
                }
            }
        let started: EventLoopFuture<any Channel>
        switch target {
        case .name: started = bootstrap.connect(host: host, port: port)
        case .address(let address): started = bootstrap.connect(to: address)
        }
        let connected = started.flatMapErrorThrowing { error in
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
                return loop.makeFailedFuture(AfterAccept(error: error))
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
