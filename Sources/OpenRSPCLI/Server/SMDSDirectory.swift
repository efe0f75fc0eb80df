import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import Synchronization

/// Which ES12 endpoint serves an SM-DS address an operator names in ConfirmOrder: the co-hosted
/// SM-DS in-process, any other over HTTPS with mutual TLS (CERT.DPtls as client certificate,
/// the server authenticated against the CI and the system roots). One client per address, kept.
final class SMDSDirectory: Sendable {
    private let local: (address: String, service: any ES12Service)?
    private let identity: RSPIdentity
    private let trust: RSPTLS.Trust
    private let logger: Logger
    private let clients = Mutex<[String: ES12HTTPClient]>([:])

    init(local: (address: String, service: any ES12Service)?, identity: RSPIdentity, trust: RSPTLS.Trust, logger: Logger) {
        self.local = local
        self.identity = identity
        self.trust = trust
        self.logger = logger
    }

    /// nil for an address no client can be made for (the SM-DP+ answers 8.9/5.1).
    func service(for address: String) -> (any ES12Service)? {
        if let local, local.address.lowercased() == address.lowercased() { return local.service }
        return clients.withLock { clients in
            if let client = clients[address] { return client }
            guard let client = try? ES12HTTPClient(smdsAddress: address, identity: identity, trust: trust, logger: logger) else {
                return nil
            }
            clients[address] = client
            return client
        }
    }

    func shutdown() async {
        for client in clients.withLock({ Array($0.values) }) { try? await client.shutdown() }
    }
}
