import Foundation
import Logging
import RSPCore
import RSPHTTP
import Synchronization

/// One HTTPS client per SM-DP+ address for the LPA's server factory, shut down together when the
/// command ends (each `ES9PlusHTTPClient` owns connections and threads).
final class ES9ClientPool: Sendable {
    /// nil when no TLS trust anchor is known: every SM-DP+ is then unreachable, with a reason.
    private let transport: ES9PlusHTTPClient.Transport?
    private let logger: Logger
    private let clients = Mutex<[String: ES9PlusHTTPClient]>([:])

    init(transport: ES9PlusHTTPClient.Transport?, logger: Logger) {
        self.transport = transport
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
                    smdpAddress: address, configuration: .init(transport: transport), logger: logger)
                clients[address] = client
                return client
            }
        } catch {
            return UnreachableService(reason: error)
        }
    }

    func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}

/// An ES9+ endpoint that cannot be used; every call rethrows why.
struct UnreachableService: ES9PlusService {
    let reason: any Error
    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 { throw reason }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk { throw reason }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk { throw reason }
    func handleNotification(_ request: HandleNotification) async throws { throw reason }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { throw reason }
}

struct NoTrustAnchor: Error, CustomStringConvertible {
    var description: String { "no TLS trust anchor for the SM-DP+: pass --ca FILE (its CI certificate) or --system-roots" }
}
