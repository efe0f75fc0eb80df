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
/// PKI), a software eUICC in a directory, and an LPA between them. `openrsp demo` narrates it;
/// the end-to-end tests drive it.
final class LoopbackDeployment: Sendable {
    let directory: URL
    let pki: RSPPKI
    let store: SQLiteSMDPStore
    let smdp: SMDPPlus
    let smds: SMDS
    let port: Int
    let card: SoftwareEUICC
    let lpa: LocalProfileAssistant
    private let pool: ES9ClientPool
    private let group: ServiceGroup
    private let serverTask: Task<Void, any Error>

    var smdpAddress: String { smdp.configuration.address }

    /// Starts the SM-DP+ and creates the eUICC and LPA under `directory`.
    static func start(in directory: URL, logger: Logger) async throws -> LoopbackDeployment {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "localhost"))
        try RSPPKIDirectory.write(pki, to: directory.appendingPathComponent("pki"))
        let store = try SQLiteSMDPStore(dataDirectory: directory.appendingPathComponent("smdp"))

        let service = LateBoundES9PlusService()
        let discovery = LateBoundES11Service()
        let server = RSPServer(
            service: service, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]),
            logger: logger)
        let smdsServer = RSPServer(
            routeGroups: [ES11Routes(service: discovery)], host: "127.0.0.1", port: 0,
            tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [server, smdsServer], logger: logger))
        let serverTask = Task { try await group.run() }
        let port: Int
        let smdsPort: Int
        do {
            port = try await server.boundPort()
            smdsPort = try await smdsServer.boundPort()
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        let smds = SMDS(
            configuration: try SMDSConfiguration(address: "localhost:\(smdsPort)", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate]),
            store: try SQLiteSMDSStore(dataDirectory: directory.appendingPathComponent("smdp")), logger: logger)
        discovery.attach(smds)
        let configuration = try SMDPConfiguration(
            address: "localhost:\(port)", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        let smdp = SMDPPlus(configuration: configuration, store: store, eventRegistry: smds, logger: logger)
        service.attach(smdp)

        let euiccDirectory = directory.appendingPathComponent("euicc")
        try FileManager.default.createDirectory(at: euiccDirectory, withIntermediateDirectories: true)
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let card = SoftwareEUICC(isdr: try ISDR(
            identity: identity, storage: EUICCStateFile(url: euiccDirectory.appendingPathComponent(EUICCStateFile.defaultFileName))))
        _ = try await card.reset()

        let pool = ES9ClientPool(transport: .https(trust: .only([pki.ci.certificate])), logger: logger)
        let lpa = LocalProfileAssistant(
            es10: ES10Client(transport: card, logger: logger), deviceInfo: LPAConnection.deviceInfo, logger: logger,
            serverFactory: { pool.service(for: $0) }, es11Factory: { pool.discoveryService(for: $0) })
        return LoopbackDeployment(
            directory: directory, pki: pki, store: store, smdp: smdp, smds: smds, port: port, card: card, lpa: lpa, pool: pool,
            group: group, serverTask: serverTask)
    }

    private init(directory: URL, pki: RSPPKI, store: SQLiteSMDPStore, smdp: SMDPPlus, smds: SMDS, port: Int,
                 card: SoftwareEUICC, lpa: LocalProfileAssistant, pool: ES9ClientPool, group: ServiceGroup,
                 serverTask: Task<Void, any Error>) {
        self.directory = directory
        self.pki = pki
        self.store = store
        self.smdp = smdp
        self.smds = smds
        self.port = port
        self.card = card
        self.lpa = lpa
        self.pool = pool
        self.group = group
        self.serverTask = serverTask
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

    /// Stops the server gracefully and closes the clients.
    func stop() async {
        await pool.shutdown()
        try? await lpa.es10.close()
        await group.triggerGracefulShutdown()
        _ = await serverTask.result
        try? store.close()
    }
}
