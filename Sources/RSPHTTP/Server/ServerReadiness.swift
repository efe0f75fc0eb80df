/// Tells waiters the port a server bound to, once it listens (port 0 asks the system for a
/// free one, so tests learn the real port here), or the error it stopped with.
actor ServerReadiness {
    enum State {
        case starting
        case listening(port: Int)
        case stopped(ServerStopped)
    }

    private var state = State.starting
    private var waiters: [CheckedContinuation<Int, any Error>] = []

    func listening(port: Int) {
        guard case .starting = state else { return }
        state = .listening(port: port)
        resume(with: .success(port))
    }

    func stopped(_ reason: ServerStopped) {
        if case .stopped = state { return }
        state = .stopped(reason)
        resume(with: .failure(reason))
    }

    func port() async throws -> Int {
        switch state {
        case .listening(let port): return port
        case .stopped(let reason): throw reason
        case .starting:
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
    }

    private func resume(with result: Result<Int, any Error>) {
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.resume(with: result) }
    }
}

/// A server is not (or no longer) listening.
public struct ServerStopped: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "server stopped: \(reason)" }
}

import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

extension ServerReadiness {
    /// The Hummingbird application of an SGP.22 listener on `host:port` that reports here when it
    /// listens: `RSPServer` and `MutualTLSServer` build theirs with it.
    nonisolated func application<Context: RequestContext>(
        router: Router<Context>, server: HTTPServerBuilder, host: String, port: Int, eventLoopGroup: (any EventLoopGroup)?,
        logger: Logger
    ) -> some ApplicationProtocol where Context.Source == ApplicationRequestContextSource {
        Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                await self.listening(port: channel.localAddress?.port ?? 0)
            },
            eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
            logger: logger)
    }

    /// Runs `application` and records how it stopped, so `port()` waiters never hang.
    func run(_ application: some ApplicationProtocol) async throws {
        do {
            try await application.run()
        } catch {
            stopped(ServerStopped(reason: String(describing: type(of: error))))
            throw error
        }
        stopped(ServerStopped(reason: "shut down"))
    }
}
