import EUICC
import Foundation
import LPA
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import SMDPPlus
import SMDS
import ServiceLifecycle

/// The whole chain on one machine: an SM-DP+ over real HTTPS on 127.0.0.1 (SQLite store, generated
/// PKI) with its SM-DS, a software eUICC in a directory, and an LPA between them. Every interface
/// runs on its own listener as in `serve`: ES9+ and ES11 over HTTPS, ES12 (SM-DP+ → SM-DS) and
/// ES2+ (operators) over mutual TLS. `openrsp demo` narrates it; the end-to-end tests drive it.
final class LoopbackDeployment: Sendable {
    /// The SM-DP+'s and SM-DS's stores: SQLite files in the deployment's directory by default, or
    /// stores the caller opened (e.g. a PostgreSQL database), closed with the deployment.
    struct Stores: Sendable {
        var smdp: any SMDPStore
        var smds: any SMDSStore
        var close: @Sendable () async -> Void

        /// SQLite files under `directory`/smdp.
        static func sqlite(in directory: URL) throws -> Stores {
            let smdp = try SQLiteSMDPStore(dataDirectory: directory.appendingPathComponent("smdp"))
            let smds = try SQLiteSMDSStore(dataDirectory: directory.appendingPathComponent("smdp"))
            return Stores(smdp: smdp, smds: smds) {
                try? smdp.close()
                try? smds.close()
            }
        }
    }

    let directory: URL
    let pki: RSPPKI
    let store: any SMDPStore
    private let closeStores: @Sendable () async -> Void
    let smdp: SMDPPlus
    let smds: SMDS
    let port: Int
    /// ES2+ (`localhost:PORT`), for operators with a client certificate the CI issued.
    let es2Address: String
    let card: SoftwareEUICC
    let lpa: LocalProfileAssistant
    private let pool: ES9ClientPool
    /// What the ES9+ listener calls: the SM-DP+, unless `answerES9Plus(with:)` replaced it.
    private let es9Service: LateBoundES9PlusService
    private let es12Client: ES12HTTPClient
    private let running: [RunningServices]
    /// The deployment's own event loops (`start(eventLoops:)`), stopped after its servers and clients.
    let eventLoops: EventLoops?

    var smdpAddress: String { smdp.configuration.address }

    /// Starts the SM-DP+ and SM-DS and creates the eUICC and LPA under `directory`. The listeners
    /// start in three steps because each address names a port only known once bound: ES9+/ES11
    /// first (their services attached late), then ES12 on the SM-DS, then ES2+ on the SM-DP+,
    /// which reaches the SM-DS over ES12 with CERT.DPtls.
    /// - Parameters:
    ///   - serverVersions: the SGP.22 versions the SM-DP+ and SM-DS support (version negotiation).
    ///   - euiccVersions: the versions the software eUICC supports.
    ///   - stores: where the SM-DP+ and SM-DS keep their state (default: SQLite files in `directory`).
    ///   - eventLoops: threads of a group of its own for every listener and HTTPS client of the
    ///     deployment (nil: SwiftNIO's shared group, as `serve` uses).
    ///   - tlsGroups: the key-exchange groups the device listeners (ES9+, ES11) accept (nil: the defaults).
    ///   - es9PlusMetrics: where the ES9+ listener counts and times its calls (nil: nowhere).
    static func start(
        in directory: URL, stores: Stores? = nil, serverVersions: VersionRange = .openRSPDefault,
        euiccVersions: VersionRange = .openRSPDefault, eventLoops threads: Int? = nil, tlsGroups: [TLSKeyExchangeGroup]? = nil,
        es9PlusMetrics: FunctionMetrics? = nil, logger: Logger
    ) async throws -> LoopbackDeployment {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "localhost"))
        try RSPPKIDirectory.write(pki, to: directory.appendingPathComponent("pki"))
        let stores = try stores ?? Stores.sqlite(in: directory)
        let store = stores.smdp
        let eventLoops = threads.map(EventLoops.init(threads:))
        let options = RSPServer.Options(eventLoopGroup: eventLoops?.group)
        var es9PlusOptions = options
        es9PlusOptions.metrics = es9PlusMetrics
        let clientConfiguration = { (transport: ES9PlusHTTPClient.Transport, userAgent: String) in
            ES9PlusHTTPClient.Configuration(transport: transport, userAgent: userAgent, eventLoopGroup: eventLoops?.group)
        }
        var running: [RunningServices] = []
        do {
            let service = LateBoundES9PlusService()
            let discovery = LateBoundES11Service()
            let devices = try await RunningServices.start([
                RSPServer(
                    service: service, host: "127.0.0.1", port: 0,
                    tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate], keyExchangeGroups: tlsGroups),
                    options: es9PlusOptions, logger: logger),
                RSPServer(
                    routeGroups: [ES11Routes(service: discovery)], host: "127.0.0.1", port: 0,
                    tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate], keyExchangeGroups: tlsGroups),
                    options: options, logger: logger),
            ], logger: logger)
            running.append(devices)
            let port = devices.ports[0]
            let smds = SMDS(
                configuration: try SMDSConfiguration(
                    address: "localhost:\(devices.ports[1])", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate],
                    supportedVersions: serverVersions),
                store: stores.smds, logger: logger)
            discovery.attach(smds)

            let es12 = try await RunningServices.start([
                ES12Server(
                    service: smds, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]),
                    clientTrust: [pki.ci.certificate], options: options, logger: logger)
            ], logger: logger)
            running.append(es12)
            let es12Client = try ES12HTTPClient(
                smdsAddress: "localhost:\(es12.ports[0])", identity: pki.dpTLS, trust: .only([pki.ci.certificate]),
                configuration: clientConfiguration(.plainHTTP, "openrsp-smdp"), logger: logger)
            let configuration = try SMDPConfiguration(
                address: "localhost:\(port)", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                supportedVersions: serverVersions)
            let smdp = SMDPPlus(configuration: configuration, store: store, eventRegistry: es12Client, logger: logger)
            service.attach(smdp)

            let operators = try await RunningServices.start([
                ES2PlusServer(
                    service: smdp, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]),
                    clientTrust: [pki.ci.certificate], options: options, logger: logger)
            ], logger: logger)
            running.append(operators)

            let euiccDirectory = directory.appendingPathComponent("euicc")
            try FileManager.default.createDirectory(at: euiccDirectory, withIntermediateDirectories: true)
            let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
            let card = SoftwareEUICC(isdr: try ISDR(
                identity: identity, configuration: EUICCConfiguration(initialSupportedVersions: euiccVersions), storage: EUICCStateFile(url: euiccDirectory.appendingPathComponent(EUICCStateFile.defaultFileName))))
            _ = try await card.reset()

            let pool = ES9ClientPool(
                transport: .https(trust: .only([pki.ci.certificate])), eventLoops: eventLoops, logger: logger)
            let lpa = LocalProfileAssistant(
                es10: ES10Client(transport: card, logger: logger), deviceInfo: LPAConnection.deviceInfo, logger: logger,
                serverFactory: { pool.service(for: $0) }, es11Factory: { pool.discoveryService(for: $0) })
            return LoopbackDeployment(
                directory: directory, pki: pki, stores: stores, smdp: smdp, smds: smds, port: port,
                es2Address: "localhost:\(operators.ports[0])", card: card, lpa: lpa, pool: pool, es9Service: service,
                es12Client: es12Client,
                running: running, eventLoops: eventLoops)
        } catch {
            for services in running.reversed() { await services.stop() }
            await eventLoops?.shutdown()
            await stores.close()
            throw error
        }
    }

    private init(directory: URL, pki: RSPPKI, stores: Stores, smdp: SMDPPlus, smds: SMDS, port: Int,
                 es2Address: String, card: SoftwareEUICC, lpa: LocalProfileAssistant, pool: ES9ClientPool,
                 es9Service: LateBoundES9PlusService, es12Client: ES12HTTPClient, running: [RunningServices], eventLoops: EventLoops?) {
        self.directory = directory
        self.pki = pki
        self.store = stores.smdp
        self.closeStores = stores.close
        self.smdp = smdp
        self.smds = smds
        self.port = port
        self.es2Address = es2Address
        self.card = card
        self.lpa = lpa
        self.pool = pool
        self.es9Service = es9Service
        self.es12Client = es12Client
        self.running = running
        self.eventLoops = eventLoops
    }

    var smdsAddress: String { smds.configuration.address }

    /// Imports a UPP file and releases an order for it; returns the activation code.
    func order(profile: URL, eid: EID? = nil, confirmationCode: String? = nil) async throws -> (ProfileRecord, ActivationCode) {
        guard let data = FileManager.default.contents(atPath: profile.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: profile.path])
        }
        let record = try await smdp.importProfile(upp: Array(data), profileType: profile.deletingPathExtension().lastPathComponent)
        let (_, code) = try await smdp.createOrder(iccid: record.iccid, eid: eid, confirmationCode: confirmationCode)
        return (record, code)
    }

    /// The HTTPS ES9+ client the deployment's LPA uses, for another LPA (e.g. over another card transport).
    func lpaServer() -> any ES9PlusService { pool.service(for: smdpAddress) }

    /// Has the ES9+ listener call `service` instead of the SM-DP+ from now on (`TransportFloor`).
    func answerES9Plus(with service: any ES9PlusService) { es9Service.attach(service) }

    /// Stops the servers gracefully and closes the clients.
    func stop() async {
        await pool.shutdown()
        try? await es12Client.shutdown()
        try? await lpa.es10.close()
        for services in running.reversed() { await services.stop() }
        await eventLoops?.shutdown()
        await closeStores()
    }
}
