import EUICC
import Foundation
import LPA
import Logging
import ProfilePackage
import RSPCore
import RSPCrypto
import SMDPPlus
import Synchronization

/// Complete downloads (InitiateAuthentication → AuthenticateClient → GetBoundProfilePackage →
/// HandleNotification, with every signature, certificate check and the BPP encryption) against a
/// loopback deployment: `concurrency` software eUICCs, each with its own certificate, pulling
/// orders from a shared queue. SM-DP+, eUICCs and LPAs share this machine's cores.
struct DownloadLoad {
    struct Report: Encodable {
        var downloads: Int
        var concurrency: Int
        var seconds: Double
        var downloadsPerSecond: Double
        /// Orders not `installed` at the end (the SM-DP+'s view): must be 0.
        var errors: Int
        /// Per ES9+ function, milliseconds as the LPA saw them (HTTPS included): p50, p90, p99, max.
        var latency: [String: [String: Double]]
    }

    var downloads: Int
    var concurrency: Int
    var profile: URL

    func run() async throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "openrsp.bench")
        logger.logLevel = .critical
        let deployment = try await LoopbackDeployment.start(in: directory, logger: logger)
        do {
            let report = try await measure(deployment, logger: logger)
            await deployment.stop()
            return report
        } catch {
            await deployment.stop()
            throw error
        }
    }

    private func measure(_ deployment: LoopbackDeployment, logger: Logger) async throws -> Report {
        guard let data = FileManager.default.contents(atPath: profile.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: profile.path])
        }
        let base = try UnprotectedProfilePackage(der: Array(data))
        var codes: [ActivationCode] = []
        for index in 0..<downloads {
            let iccid = try ICCID(digits: String(format: "89999%014d", index), checkLuhn: false)
            let upp = try base.replacingHeaderICCID(with: iccid)
            let record = try await deployment.smdp.importProfile(upp: upp, profileType: "bench")
            codes.append(try await deployment.smdp.createOrder(iccid: record.iccid).1)
        }
        let queue = WorkQueue(codes)
        let server = TimedES9PlusService(deployment.lpaServer())
        var assistants: [LocalProfileAssistant] = []
        for worker in 0..<concurrency {
            let identity = try RSPCertificateIssuer.issueEUICC(
                eid: try EID(prefix: "89049032", individualNumber: UInt64(1000 + worker)), issuer: deployment.pki.eum,
                notBefore: Date(timeIntervalSinceNow: -3600))
            let euicc = try EUICCIdentity(
                euicc: identity, eumCertificate: deployment.pki.eum.certificate, signingCI: deployment.pki.ci.certificate)
            let card = SoftwareEUICC(isdr: try ISDR(
                identity: euicc, configuration: EUICCConfiguration(maximumProfiles: downloads + 1)))
            _ = try await card.reset()
            assistants.append(LocalProfileAssistant(
                es10: ES10Client(transport: card, logger: logger), deviceInfo: LPAConnection.deviceInfo, logger: logger
            ) { _ in server })
        }

        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lpa in assistants {
                group.addTask {
                    while let code = queue.next() {
                        _ = try await lpa.download(activationCode: code, confirmationCode: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let latency = server.samples.withLock { samples in
            samples.mapValues { values -> [String: Double] in
                let sorted = values.sorted()
                func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
                return ["p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99), "max": sorted.last ?? 0]
            }
        }
        let installed = try await deployment.store.inventory().filter { $0.state == .installed }.count
        return Report(downloads: downloads, concurrency: concurrency, seconds: seconds,
                      downloadsPerSecond: Double(downloads) / seconds, errors: downloads - installed, latency: latency)
    }
}

/// Activation codes shared by the download workers.
final class WorkQueue<Item: Sendable>: Sendable {
    private let items: Mutex<[Item]>
    init(_ items: [Item]) { self.items = Mutex(items.reversed()) }
    func next() -> Item? { items.withLock { $0.popLast() } }
}
