import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import SMDS

/// Options shared by every command that works on an SM-DP+ data directory.
struct DataOptions: ParsableArguments {
    @OptionGroup var storage: StoreOptions

    @Option(help: "PKI directory (default: DATA/pki; generated on first use). Nodes of one deployment share it.")
    var pki: String?

    @Option(help: "The SM-DP+ address (FQDN[:port]) put in activation codes and checked in ES9+ (remembered in DATA).")
    var smdpAddress: String?
}

/// Where the state lives: the data directory, and the store in it or a shared database.
struct StoreOptions: ParsableArguments {
    static let environmentVariable = "OPENRSP_STORE"

    @Option(help: "Data directory (SQLite store, PKI, settings).")
    var data = "./openrsp-data"

    @Option(help: ArgumentHelp(
        "The store: sqlite (files in DATA) or postgres://USER[:PASSWORD]@HOST:PORT/DB, one database shared by several `serve` nodes (default: $OPENRSP_STORE, else sqlite).",
        valueName: "sqlite|postgres-url"))
    var store: String?

    var dataDirectory: URL { URL(fileURLWithPath: data) }

    /// `--store`, else `OPENRSP_STORE`, else SQLite in DATA. A bad URL is reported without
    /// repeating it: it may hold a password.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreLocation {
        let text = store ?? environment[Self.environmentVariable]
        let source = store == nil ? Self.environmentVariable : "--store"
        do {
            return try StoreLocation(parsing: text, dataDirectory: dataDirectory)
        } catch let error as PostgresURL.Invalid {
            throw ValidationError("\(source) is sqlite or postgres://USER@HOST:PORT/DB: \(error.description)")
        } catch {
            throw ValidationError("\(source) is sqlite or postgres://USER@HOST:PORT/DB")
        }
    }

    /// Opens the stores, turning a failure into a message that names the store without its password.
    func open(_ location: StoreLocation, commitMetrics: GroupCommitMetrics? = nil, logger: Logger) async throws -> OpenedStores {
        do {
            return try await location.open(logger: logger, commitMetrics: commitMetrics)
        } catch {
            throw StoreUnavailable(location: location, cause: error)
        }
    }
}

/// The store could not be opened (unreachable database, refused login, unreadable file); what is
/// printed names the store and the failure, never a password.
struct StoreUnavailable: Error, CustomStringConvertible {
    let location: StoreLocation
    var action = "open"
    let cause: any Error

    var description: String {
        var reason = String(describing: cause)
        if case .postgres(let url) = location, let password = url.password, !password.isEmpty {
            reason = reason.replacingOccurrences(of: password, with: "***")
        }
        // The stores name the database themselves when they cannot reach it: say it once.
        let store = reason.contains(location.description) ? "the store" : "the store \(location)"
        return "cannot \(action) \(store): \(reason)"
    }
}

/// How long orders live and how many confirmation code attempts they allow (`serve` options).
struct OrderPolicy {
    var lifetime: TimeInterval?
    var confirmationCodeAttempts = 3
}

/// The SM-DP+ as configured by a data directory: created on first use (PKI, settings, and the
/// SQLite store unless `--store` names a database), reopened afterwards, so `serve`, `profiles`
/// and `order` work on the same state. `close()` closes the stores; `using` does it on every exit.
struct ServerEnvironment {
    struct Settings: Codable {
        var smdpAddress: String
        /// The co-hosted SM-DS's address (ES11), `localhost:<port+1>` unless chosen.
        var smdsAddress: String?
        /// Whether a user chose the address (`--smdp-address`); otherwise `serve` follows its `--port`.
        var chosen: Bool?
    }

    let dataDirectory: URL
    let pki: RSPPKI
    let settings: Settings
    let location: StoreLocation
    let stores: OpenedStores
    var store: any SMDPStore { stores.smdp }
    let smdp: SMDPPlus
    /// The SM-DS co-hosted with this SM-DP+ (same data directory); the SM-DP+ registers its events there.
    let smds: SMDS
    /// The SM-DS's store: on a shared listener it says whose session a TransactionID names.
    var smdsStore: any SMDSStore { stores.smds }

    /// The address precedence: `--smdp-address` (remembered as chosen), then a chosen saved address,
    /// then — for `serve`, whose port decides it (`listeningDefault`) — "localhost:PORT", then any saved
    /// address, then "localhost:8443".
    /// The ES12 clients to other SM-DSs this SM-DP+ opened; `shutdown()` closes them.
    let smdsDirectory: SMDSDirectory

    /// - Parameters:
    ///   - versions, features: the SGP.22 versions and features the SM-DP+ and SM-DS negotiate with devices.
    ///   - metrics: where the SM-DP+ counts installation results and a SQLite store records its
    ///     group commits (nil: nowhere).
    init(
        _ options: DataOptions, listeningDefault: String? = nil, smdsListeningDefault: String? = nil,
        versions: VersionRange = .openRSPDefault, features: RSPFeatures? = nil, orders: OrderPolicy = OrderPolicy(),
        metrics: (any MetricsFactory)? = nil, logger: Logger
    ) async throws {
        // A bad --store is refused before anything is written to DATA.
        location = try options.storage.location()
        dataDirectory = options.storage.dataDirectory
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let settingsURL = dataDirectory.appendingPathComponent("settings.json")
        let saved = FileManager.default.contents(atPath: settingsURL.path).flatMap { try? JSONDecoder().decode(Settings.self, from: $0) }
        let chosen = options.smdpAddress ?? (saved?.chosen == true ? saved?.smdpAddress : nil)
        let address = chosen ?? listeningDefault ?? saved?.smdpAddress ?? "localhost:8443"
        guard ActivationCode.isServerAddress(address) else {
            throw ValidationError("the SM-DP+ address must be a host name, optionally with :port — got \(address)")
        }
        let smdsAddress = smdsListeningDefault ?? saved?.smdsAddress ?? "localhost:8444"
        settings = Settings(smdpAddress: address, smdsAddress: smdsAddress, chosen: chosen != nil)
        if saved?.smdpAddress != settings.smdpAddress || saved?.chosen != settings.chosen || saved?.smdsAddress != smdsAddress {
            try JSONEncoder().encode(settings).write(to: settingsURL, options: .atomic)
        }

        let pkiDirectory = options.pki.map(URL.init(fileURLWithPath:)) ?? dataDirectory.appendingPathComponent("pki")
        let host = String(address.split(separator: ":").first ?? "localhost")
        pki = try Self.loadOrCreatePKI(at: pkiDirectory, smdpHost: host, logger: logger)
        let smdsConfiguration = try SMDSConfiguration(
            address: smdsAddress, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate], supportedVersions: versions,
            features: features)
        let configuration = try SMDPConfiguration(
            address: address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
            orderLifetime: orders.lifetime, confirmationCodeAttempts: orders.confirmationCodeAttempts,
            supportedVersions: versions, features: features)
        // Opened last: nothing after this can fail, so no path leaves the stores open.
        stores = try await options.storage.open(
            location, commitMetrics: metrics.map(GroupCommitMetrics.init(factory:)), logger: logger)
        smds = SMDS(configuration: smdsConfiguration, store: stores.smds, logger: logger)
        let directory = SMDSDirectory(
            local: (smdsAddress, smds), identity: pki.dpTLS, trust: .systemRootsAnd([pki.ci.certificate]), logger: logger)
        smdp = SMDPPlus(
            configuration: configuration, store: stores.smdp, eventRegistry: smds, smdsResolver: { directory.service(for: $0) },
            metrics: metrics, logger: logger)
        smdsDirectory = directory
    }

    /// Opens the environment, runs `body`, and closes the stores however `body` ends.
    static func using<Result>(
        _ options: DataOptions, logger: Logger = Logger(label: "openrsp"), _ body: (ServerEnvironment) async throws -> Result
    ) async throws -> Result {
        let environment = try await ServerEnvironment(options, logger: logger)
        let result: Result
        do {
            result = try await body(environment)
        } catch {
            await environment.close()
            throw error
        }
        await environment.close()
        return result
    }

    /// Closes the ES12 clients and the stores.
    func close() async {
        await smdsDirectory.shutdown()
        await stores.close()
    }

    static func loadOrCreatePKI(at directory: URL, smdpHost: String, logger: Logger) throws -> RSPPKI {
        let ci = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(.ci))
        if FileManager.default.fileExists(atPath: ci.path) {
            return try RSPPKIDirectory.load(from: directory)
        }
        logger.notice("no PKI in \(directory.path): generating an SGP.22 test PKI for \(smdpHost)")
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: smdpHost))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try RSPPKIDirectory.write(pki, to: directory)
        return pki
    }
}
