import Foundation
import Logging
import RSPCore
import RSPHTTP
import Synchronization

/// One HTTPS client per SM-DP+ (ES9+) or SM-DS (ES11) address for the LPA's factories, shut down
/// together when the command ends (each client owns connections and threads). An ES9+ client keeps
/// one connection to its SM-DP+ (`singleConnection`): an LPA makes one call at a time.
final class ES9ClientPool: Sendable {
    /// nil when no TLS trust anchor is known: every SM-DP+ is then unreachable, with a reason.
    private let transport: ES9PlusHTTPClient.Transport?
    private let logger: Logger
    /// The event loops of every client of the pool (nil: AsyncHTTPClient's default).
    private let eventLoops: EventLoops?
    private let clients = Mutex<[String: ES9PlusHTTPClient]>([:])
    private let discoveryClients = Mutex<[String: ES11HTTPClient]>([:])

    init(transport: ES9PlusHTTPClient.Transport?, eventLoops: EventLoops? = nil, logger: Logger) {
        self.transport = transport
        self.eventLoops = eventLoops
        self.logger = logger
    }

    /// The LPA's `serverFactory`. An address the client refuses yields a service whose every call
    /// fails with that reason, so the LPA reports it like any unreachable server.
    func service(for address: String) -> any ES9PlusService {
        guard let transport else { return UnreachableService(reason: NoTrustAnchor()) }
        do {
            return try clients.withLock { clients in
                if let client = clients[address] { return client }
                let client = try ES9PlusHTTPClient(
                    smdpAddress: address,
                    configuration: .init(transport: transport, eventLoopGroup: eventLoops?.group, singleConnection: true),
                    logger: logger)
                clients[address] = client
                return client
            }
        } catch {
            return UnreachableService(reason: error)
        }
    }

    /// The LPA's `es11Factory`, like `service(for:)`.
    func discoveryService(for address: String) -> any ES11Service {
        guard let transport else { return UnreachableService(reason: NoTrustAnchor()) }
        do {
            return try discoveryClients.withLock { clients in
                if let client = clients[address] { return client }
                let client = try ES11HTTPClient(smdsAddress: address, configuration: .init(transport: transport, eventLoopGroup: eventLoops?.group), logger: logger)
                clients[address] = client
                return client
            }
        } catch {
            return UnreachableService(reason: error)
        }
    }

    func shutdown() async {
        let discovery = discoveryClients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in discovery { try? await client.shutdown() }
        let all = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}

/// An ES9+ or ES11 endpoint that cannot be used; every call rethrows why.
struct UnreachableService: ES9PlusService, ES11Service {
    let reason: any Error
    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 { throw reason }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk { throw reason }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 { throw reason }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk { throw reason }
    func handleNotification(_ request: HandleNotification) async throws { throw reason }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { throw reason }
}

struct NoTrustAnchor: Error, CustomStringConvertible {
    var description: String { "no TLS trust anchor for the SM-DP+: pass --ca FILE (its CI certificate) or --system-roots" }
}
