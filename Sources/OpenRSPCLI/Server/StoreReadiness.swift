import Logging
import RSPStore
import Synchronization

/// What `/health/ready` reports for a node: whether its SM-DP+ store answers. The cause of a
/// failure goes to the log only (the probe's answer says nothing about the database), and once
/// per change rather than at every probe.
final class StoreReadiness: Sendable {
    private let store: any SMDPStore
    private let nodeId: String
    private let logger: Logger
    private let last = Mutex<Bool?>(nil)

    init(store: any SMDPStore, nodeId: String, logger: Logger) {
        self.store = store
        self.nodeId = nodeId
        self.logger = logger
    }

    func check() async -> Bool {
        do {
            try await store.checkHealth()
            if changed(to: true) { logger.notice("ready: the store answers", metadata: ["node": "\(nodeId)"]) }
            return true
        } catch {
            if changed(to: false) {
                logger.warning("not ready: the store does not answer", metadata: ["node": "\(nodeId)", "cause": "\(error)"])
            }
            return false
        }
    }

    private func changed(to ready: Bool) -> Bool {
        last.withLock { last in
            defer { last = ready }
            return last != ready
        }
    }
}
