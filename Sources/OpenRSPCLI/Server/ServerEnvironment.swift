import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import SMDS

/// Options shared by every command that works on an SM-DP+ data directory.
struct DataOptions: ParsableArguments {
    @Option(help: "Data directory (SQLite store, PKI, settings).")
    var data = "./openrsp-data"

    @Option(help: "PKI directory (default: DATA/pki; generated on first use).")
    var pki: String?

    @Option(help: "The SM-DP+ address (FQDN[:port]) put in activation codes and checked in ES9+ (remembered in DATA).")
    var smdpAddress: String?
}

/// How long orders live and how many confirmation code attempts they allow (`serve` options).
struct OrderPolicy {
    var lifetime: TimeInterval?
    var confirmationCodeAttempts = 3
}

/// The SM-DP+ as configured by a data directory: created on first use (PKI, SQLite store,
/// settings), reopened afterwards, so `serve`, `profiles` and `order` work on the same state.
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
    let store: SQLiteSMDPStore
    let smdp: SMDPPlus
    /// The SM-DS co-hosted with this SM-DP+ (same data directory); the SM-DP+ registers its events there.
    let smds: SMDS
    /// The SM-DS's store: on a shared listener it says whose session a TransactionID names.
    let smdsStore: SQLiteSMDSStore

    /// The address precedence: `--smdp-address` (remembered as chosen), then a chosen saved address,
    /// then — for `serve`, whose port decides it (`listeningDefault`) — "localhost:PORT", then any saved
    /// address, then "localhost:8443".
    /// The ES12 clients to other SM-DSs this SM-DP+ opened; `shutdown()` closes them.
    let smdsDirectory: SMDSDirectory

    /// - Parameters:
    ///   - versions, features: the SGP.22 versions and features the SM-DP+ and SM-DS negotiate with devices.
    init(
        _ options: DataOptions, listeningDefault: String? = nil, smdsListeningDefault: String? = nil,
        versions: VersionRange = .openRSPDefault, features: RSPFeatures? = nil, orders: OrderPolicy = OrderPolicy(),
        logger: Logger
    ) throws {
        dataDirectory = URL(fileURLWithPath: options.data)
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
        store = try SQLiteSMDPStore(dataDirectory: dataDirectory)
        smdsStore = try SQLiteSMDSStore(dataDirectory: dataDirectory)
        smds = SMDS(
            configuration: try SMDSConfiguration(
                address: smdsAddress, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate], supportedVersions: versions,
                features: features),
            store: smdsStore, logger: logger)
        let configuration = try SMDPConfiguration(
            address: address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
            orderLifetime: orders.lifetime, confirmationCodeAttempts: orders.confirmationCodeAttempts,
            supportedVersions: versions, features: features)
        let directory = SMDSDirectory(
            local: (smdsAddress, smds), identity: pki.dpTLS, trust: .systemRootsAnd([pki.ci.certificate]), logger: logger)
        smdp = SMDPPlus(
            configuration: configuration, store: store, eventRegistry: smds, smdsResolver: { directory.service(for: $0) },
            logger: logger)
        smdsDirectory = directory
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
