import Foundation
import Logging
import Metrics
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
///
/// It is also the SM-DP+ side of ES2+ (§5.3, the `ES2Plus/` files): operators order, confirm,
/// cancel and release profiles they own, and are told how their downloads progress through a
/// persisted outbox (`DownloadProgressOutbox`).
public struct SMDPPlus: ES9PlusService, ES2PlusService {
    public let configuration: SMDPConfiguration
    let store: any SMDPStore
    let logger: Logger
    /// The SM-DS for orders that name none (local orders the CLI announces), and — when no
    /// `smdsResolver` is given — for every SM-DS address an operator names.
    let eventRegistry: (any ES12Service)?
    /// The ES12 client of the SM-DS at an address (ConfirmOrder's smdsAddress); nil: unreachable.
    let smdsResolver: (@Sendable (String) -> (any ES12Service)?)?
    /// Parsed profile templates, shared by the copies of this value (`personalisedUPP`).
    let templates = ProfileTemplateCache()
    /// Parsed eUICC certificates of sessions in progress, shared by the copies of this value
    /// (`sessionEUICCCertificate`).
    let euiccCertificates = EUICCCertificateCache()
    /// EUM certificates validated against the configured CIs, shared by the copies of this value
    /// (`euiccAuthentication`).
    let eumValidations = ValidatedEUMCache()
    /// Where `purgeExpiredSessions` ended, shared by the copies of this value.
    let sessionPurge = SessionPurgeMark()
    /// Where the downloads' outcomes are counted; nil: nowhere.
    let installations: InstallationMetrics?

    /// - Parameters:
    ///   - eventRegistry: the SM-DS this SM-DP+ registers download events with (ES12), if any.
    ///   - smdsResolver: maps an SM-DS address named in ES2+.ConfirmOrder to its ES12 client (nil
    ///     when this SM-DP+ cannot reach it: the operator is answered `smdsInaccessible`). When
    ///     absent, `eventRegistry` serves every address.
    ///   - metrics: where installation results are counted (`smdp_profile_installations_total`).
    public init(
        configuration: SMDPConfiguration, store: any SMDPStore, eventRegistry: (any ES12Service)? = nil,
        smdsResolver: (@Sendable (String) -> (any ES12Service)?)? = nil, metrics: (any MetricsFactory)? = nil,
        logger: Logger = Logger(label: "openrsp.smdp")
    ) {
        self.configuration = configuration
        self.store = store
        self.eventRegistry = eventRegistry
        self.smdsResolver = smdsResolver
        self.installations = metrics.map(InstallationMetrics.init(factory:))
        self.logger = logger
    }

    var now: Date { configuration.now() }

    /// Runs one ES9+ function: logs its outcome on one line and turns anything that is not a
    /// `StatusCode` (a store failure, an encoding error) into `executionError`, so callers only
    /// ever see SGP.22 status codes and no internal detail leaks to the network. `metadata` adds
    /// fields to that line (read after `body`, so it may name what `body` found).
    func run<Result: Sendable>(
        _ step: String, transactionId: @autoclosure () -> String?, metadata: @autoclosure () -> Logger.Metadata = [:],
        _ body: () async throws -> Result
    ) async throws -> Result {
        func line(_ fields: Logger.Metadata) -> Logger.Metadata {
            metadata().merging(["transactionId": "\(transactionId() ?? "-")"]) { $1 }.merging(fields) { $1 }
        }
        do {
            let result = try await body()
            logger.info("\(step)", metadata: line(["outcome": "ok"]))
            return result
        } catch let code as StatusCode {
            logger.notice("\(step)", metadata: line(["outcome": "\(code)"]))
            throw code
        } catch {
            logger.error("\(step)", metadata: line(["outcome": "\(StatusCode.executionError)", "cause": "\(error)"]))
            throw StatusCode.executionError
        }
    }
}
