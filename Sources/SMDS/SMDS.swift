import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPStore

/// The SM-DS of SGP.22 v2.2.2 (§3.6 event registration and retrieval): ES12 (§5.9) lets an SM-DP+
/// register and delete events; ES11 (§5.8) lets an eUICC, after mutual authentication like ES9+,
/// retrieve the events registered for its EID.
///
/// A value type with no mutable state of its own: events and sessions live in the transactional
/// `SMDSStore`. Time and randomness come from the configuration. Failures are thrown as
/// `StatusCode` (subject/reason, §5.2.6).
public struct SMDS: ES11Service, ES12Service {
    public let configuration: SMDSConfiguration
    let store: any SMDSStore
    let logger: Logger

    public init(configuration: SMDSConfiguration, store: any SMDSStore, logger: Logger = Logger(label: "openrsp.smds")) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    var now: Date { configuration.now() }

    /// Removes the sessions and events whose lifetime ended; returns how many of each.
    @discardableResult
    public func purgeExpired() async throws -> (sessions: Int, events: Int) {
        let date = now
        let sessions = try await store.deleteExpiredSMDSSessions(before: date)
        let events = try await store.deleteExpiredEvents(before: date)
        logger.info("purgeExpired", metadata: ["sessions": "\(sessions)", "events": "\(events)"])
        return (sessions, events)
    }

    /// Runs one ES11/ES12 function: logs its outcome on one line and turns anything that is not a
    /// `StatusCode` (a store failure, an encoding error) into `executionError`, so callers only
    /// ever see SGP.22 status codes and no internal detail leaks to the network.
    func run<Result: Sendable>(
        _ step: String, _ metadata: @autoclosure () -> Logger.Metadata, _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            let result = try await body()
            logger.info("\(step)", metadata: metadata().merging(["outcome": "ok"]) { $1 })
            return result
        } catch let code as StatusCode {
            logger.notice("\(step)", metadata: metadata().merging(["outcome": "\(code)"]) { $1 })
            throw code
        } catch {
            logger.error("\(step)", metadata: metadata().merging([
                "outcome": "\(StatusCode.executionError)", "cause": "\(error)",
            ]) { $1 })
            throw StatusCode.executionError
        }
    }
}
