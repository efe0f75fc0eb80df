import EUICC
import Foundation
import LPA
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import RSPTestSupport
import SMDPPlus
import SMDS
import Synchronization
import Testing

@testable import OpenRSPCLI

/// `serve --shared-listener` in-process: the SM-DP+'s ES9+ and the SM-DS's ES11 on ONE HTTPS
/// listener (CERT.DPtls), the SM-DP+ named `localhost:PORT`, the SM-DS `127.0.0.1:PORT`, routed by
/// `SharedDeviceRoutes` with the SM-DS store deciding whose transaction an AuthenticateClient continues.
@Suite("End to end over HTTPS: ES9+ and ES11 on one shared listener", .serialized)
struct SharedListenerTests {
    /// The SM-DS address, known once the port is bound (the routes read it per request).
    final class LateAddress: Sendable {
        private let value = Mutex("")
        var current: String { value.withLock { $0 } }
        func set(_ address: String) { value.withLock { $0 = address } }
    }

    /// An SM-DP+ and an SM-DS behind one RSPServer, a software eUICC and an LPA.
    struct SharedDeployment {
        let pki: RSPPKI
        let store: SQLiteSMDPStore
        let smdp: SMDPPlus
        let smds: SMDS
        let port: Int
        let card: SoftwareEUICC
        let lpa: LocalProfileAssistant
        let pool: ES9ClientPool
        let running: RunningServices

        var smdpAddress: String { smdp.configuration.address }
        var smdsAddress: String { smds.configuration.address }

        func stop() async {
            await pool.shutdown()
            try? await lpa.es10.close()
            await running.stop()
            try? store.close()
        }
    }

    func withSharedDeployment<T>(_ body: (SharedDeployment) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "openrsp.e2e.shared")
        logger.logLevel = .critical
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "localhost"))
        let store = try SQLiteSMDPStore(dataDirectory: directory)
        let smdsStore = try SQLiteSMDSStore(dataDirectory: directory)

        let es9 = LateBoundES9PlusService()
        let es11 = LateBoundES11Service()
        let smdsAddress = LateAddress()
        let routes = SharedDeviceRoutes(smdp: es9, smds: es11, smdsAddress: smdsAddress.current) { transactionId in
            try await smdsStore.smdsSession(transactionId: transactionId) != nil ? .smds : .smdp
        }
        let running = try await RunningServices.start([
            RSPServer(
                routeGroups: [routes], host: "127.0.0.1", port: 0,
                tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
        ], logger: logger)
        let port = running.ports[0]
        let deployment: SharedDeployment
        do {
            smdsAddress.set("127.0.0.1:\(port)")
            let smds = SMDS(
                configuration: try SMDSConfiguration(
                    address: "127.0.0.1:\(port)", dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate]),
                store: smdsStore, logger: logger)
            es11.attach(smds)
            let smdp = SMDPPlus(
                configuration: try SMDPConfiguration(
                    address: "localhost:\(port)", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate]),
                store: store, eventRegistry: smds, logger: logger)
            es9.attach(smdp)

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
            deployment = SharedDeployment(
                pki: pki, store: store, smdp: smdp, smds: smds, port: port, card: card, lpa: lpa, pool: pool, running: running)
        } catch {
            await running.stop()
            throw error
        }
        do {
            let result = try await body(deployment)
            await deployment.stop()
            return result
        } catch {
            await deployment.stop()
            throw error
        }
    }

    @Test("an order announced on the SM-DS is discovered and downloaded through the one port")
    func discoverAndDownloadThroughOnePort() async throws {
        try await withSharedDeployment { deployment in
            #expect(deployment.smdpAddress == "localhost:\(deployment.port)")
            #expect(deployment.smdsAddress == "127.0.0.1:\(deployment.port)")
            let eid = deployment.card.isdr.identity.eid
            let profile = try await deployment.smdp.importProfile(
                upp: Array(try Data(contentsOf: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"))), profileType: "TS48V5")
            let (order, _) = try await deployment.smdp.createOrder(iccid: profile.iccid, eid: eid)
            try await deployment.smdp.registerEvent(for: order)

            // ES11 through the shared port: InitiateAuthentication names 127.0.0.1:PORT → SM-DS, and
            // AuthenticateClient continues an SM-DS session → SM-DS (the answer carries events).
            let events = try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress)
            #expect(events.map(\.eventId) == [order.matchingId])
            #expect(events.first?.rspServerAddress == deployment.smdpAddress)

            // ES9+ through the same port: localhost:PORT → SM-DP+, its session unknown to the SM-DS.
            let event = try #require(events.first)
            let result = try await deployment.lpa.download(event: event, confirmationCode: nil)
            #expect(result.iccid == profile.iccid)
            #expect(try await deployment.store.order(matchingId: order.matchingId)?.state == .installed)
            #expect(try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress).isEmpty)
        }
    }

    @Test("a device naming a third address gets 8.8.1/3.8 from the SM-DP+")
    func thirdAddress() async throws {
        try await withSharedDeployment { deployment in
            let isdr = deployment.card.isdr
            let challenge = await isdr.getEuiccChallenge().euiccChallenge
            let info1 = await isdr.getEUICCInfo1()
            try await ES9PlusHTTPClient.withClient(
                smdpAddress: deployment.smdpAddress,
                configuration: .init(transport: .https(trust: .only([deployment.pki.ci.certificate])))
            ) { client in
                for address in ["smdp.example.com:\(deployment.port)", "127.0.0.1:\(deployment.port + 1)", "localhost"] {
                    await expectServerStatus(.invalidSMDPAddress) {
                        _ = try await client.initiateAuthentication(InitiateAuthenticationRequest(
                            euiccChallenge: challenge, smdpAddress: address, euiccInfo1: info1))
                    }
                }
                // Both configured addresses, in another case, still reach their servers.
                let smdp = try await client.initiateAuthentication(InitiateAuthenticationRequest(
                    euiccChallenge: challenge, smdpAddress: deployment.smdpAddress.uppercased(), euiccInfo1: info1))
                let smds = try await client.initiateAuthentication(InitiateAuthenticationRequest(
                    euiccChallenge: challenge, smdpAddress: deployment.smdsAddress, euiccInfo1: info1))
                #expect(smdp.serverCertificate.derBytes == (try deployment.pki.dpAuth.certificate.derBytes()))
                #expect(smds.serverCertificate.derBytes == (try deployment.pki.dsAuth.certificate.derBytes()))
            }
        }
    }
}
