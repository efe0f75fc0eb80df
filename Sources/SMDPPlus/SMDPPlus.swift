import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPStore

/// The SM-DP+ of SGP.22 v2.2.2 (§3.1.3 profile download, §5.6 ES9+), plus its profile inventory
/// and download orders.
///
/// A value type with no mutable state of its own: every session and order lives in the
/// transactional `SMDPStore`, and every state change is one `store.updateSession` call, so several
/// copies (or server processes on one database) can serve the same sessions. Time and randomness
/// come from the configuration.
///
/// Each ES9+ function reads as SGP.22's sequence diagram: one method per step, in spec order
/// (see the `ES9Plus/` files). Failures are thrown as `StatusCode` (subject/reason, §5.2.6).
public struct SMDPPlus: ES9PlusService {
    public let configuration: SMDPConfiguration
    let store: any SMDPStore
    let logger: Logger
    /// The SM-DS this SM-DP+ registers download events with (ES12), if any.
    let eventRegistry: (any ES12Service)?

    public init(
        configuration: SMDPConfiguration, store: any SMDPStore, eventRegistry: (any ES12Service)? = nil,
        logger: Logger = Logger(label: "openrsp.smdp")
    ) {
        self.configuration = configuration
        self.store = store
        self.eventRegistry = eventRegistry
        self.logger = logger
    }

    var now: Date { configuration.now() }

    /// Removes the sessions whose lifetime ended (completed ones are kept as history); returns how many.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int {
        let removed = try await store.deleteExpiredSessions(before: now)
        logger.info("purgeExpiredSessions", metadata: ["removed": "\(removed)"])
        return removed
    }

    /// Runs one ES9+ function: logs its outcome on one line and turns anything that is not a
    /// `StatusCode` (a store failure, an encoding error) into `executionError`, so callers only
    /// ever see SGP.22 status codes and no internal detail leaks to the network.
    func run<Result: Sendable>(
        _ step: String, transactionId: @autoclosure () -> String?,
        _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            let result = try await body()
            logger.info("\(step)", metadata: ["transactionId": "\(transactionId() ?? "-")", "outcome": "ok"])
            return result
        } catch let code as StatusCode {
            logger.notice("\(step)", metadata: ["transactionId": "\(transactionId() ?? "-")", "outcome": "\(code)"])
            throw code
        } catch {
            logger.error("\(step)", metadata: [
                "transactionId": "\(transactionId() ?? "-")", "outcome": "\(StatusCode.executionError)",
                "cause": "\(error)",
            ])
            throw StatusCode.executionError
        }
    }
}
