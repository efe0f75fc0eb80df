import EUICC
import Foundation
import LPA
import Logging
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import SMDPPlus
import Synchronization
import X509

/// Complete downloads (InitiateAuthentication → AuthenticateClient → GetBoundProfilePackage →
/// HandleNotification, with every signature, certificate check and the BPP encryption) by
/// `concurrency` software eUICCs, each with its own certificate, pulling activation codes from a
/// shared queue. In-process (the default) they run against a loopback deployment over real HTTPS,
/// so SM-DP+, eUICCs and LPAs share this machine's cores; with `remote` against an `openrsp serve`
/// already running, its orders created over ES2+.
struct DownloadLoad {
    struct Report: Encodable {
        /// "in-process, sqlite store" or the remote ES9+ address.
        var target: String
        var downloads: Int
        var concurrency: Int
        var seconds: Double
        var downloadsPerSecond: Double
        /// Downloads that did not end installed: in-process, orders not `installed` in the SM-DP+'s
        /// store at the end; remote, downloads that failed or whose result was not delivered. Must be 0.
        var errors: Int
        /// The first failure seen, if any.
        var firstError: String?
        /// Per ES9+ function, milliseconds as the LPA saw them (HTTPS included): p50, p90, p99, max.
        var latency: [String: [String: Double]]
        /// In-process: per ES9+ function, milliseconds inside the SM-DP+ (its `FunctionMetrics`: from
        /// the request's head to its answer, the body's reading included; not the connect, the TLS
        /// handshake, a wait for a thread, or the answer's writing): p50, p90, p99, max.
        var serverLatency: [String: [String: Double]]? = nil
        /// Whole downloads, milliseconds from the first ES9+ call (InitiateAuthentication) to the
        /// profile installed and its result delivered: p50, p90, p99, max.
        var downloadLatency: [String: Double]
        /// The combined (SM-DP+ + device) cryptographic ceiling on this machine's cores, downloads/s.
        var combinedCeiling: Double?
        /// downloadsPerSecond / combinedCeiling.
        var ratioToCombinedCeiling: Double?
        /// How the devices reached the SM-DP+: how many HTTPS connections they opened (a TCP connect and a
        /// full TLS handshake each) for `downloads` downloads.
        var connections: Connections
        var cpu: CPU
        var memory: Memory
        /// Threads of the deployment's own event loop group (the SM-DP+'s TLS and HTTP), when the
        /// bench chose them; nil: SwiftNIO's shared group, one thread per core.
        var eventLoopThreads: Int? = nil
        /// The key-exchange groups the SM-DP+ accepted (`--tls-groups`), comma-separated; nil: the defaults.
        var tlsGroups: String? = nil
        /// In-process with `transportFloor`: the same HTTPS with the run's first download replayed.
        var transportFloor: TransportFloor.Report? = nil
    }

    /// The HTTPS connections the devices opened, and whether a slot's connection outlived its device.
    struct Connections: Encodable {
        /// Connections opened over the timed run.
        var opened: Int
        /// True with `--reuse-connections`: each concurrency slot kept one keep-alive connection for
        /// every device it ran (fewer TLS handshakes than a fleet of devices makes).
        var reusedAcrossDevices: Bool
    }

    /// How much memory the process needed.
    struct Memory: Encodable {
        /// Peak resident set size of this process since it started (getrusage ru_maxrss), bytes:
        /// in-process the SM-DP+, its store and the simulated devices together; nil if unknown.
        var peakResidentSetBytes: Int?
        /// How much the resident set grew while the run's cards were made, before the timed part:
        /// the load generator's, not the server's (each card holds its certificate, key and EUM
        /// chain for the whole run); nil if unknown.
        var cardsResidentSetBytes: Int?
        var method: String
    }

    /// Where the CPU went, per download.
    struct CPU: Encodable {
        /// Process CPU time (user + system, getrusage) over the timed run.
        var processSecondsPerDownload: Double
        /// CPU time of the device threads: LPAs and software eUICCs, and their TLS and HTTP.
        var deviceSecondsPerDownload: Double
        /// In-process, the rest: process − device, i.e. the SM-DP+ alone (its handlers, store, TLS
        /// and HTTP). Nil against a remote server (another process).
        var serverSecondsPerDownload: Double?
        /// In-process, what the SM-DP+'s CPU per download would allow if it had every core to
        /// itself: cores / serverSecondsPerDownload. An upper bound (no queueing, no other work),
        /// for sizing a server whose devices are elsewhere; nil against a remote server.
        var serverAloneDownloadsPerSecond: Double?
        /// Device executor threads plus the devices' event loop threads.
        var deviceThreads: Int
        /// Context switches of the whole process (getrusage): voluntary ones count thread hops
        /// (a thread blocking until another hands it work), involuntary ones preemption.
        var voluntaryContextSwitchesPerDownload: Double
        var involuntaryContextSwitchesPerDownload: Double
        /// Seconds per download by what the threads run (`ThreadCPU.Role`'s raw values: devices,
        /// eventLoops, concurrencyPool, serialQueues, other); they add up to the process's figure.
        /// Nil where the kernel does not tell (not Linux).
        var byThreadRole: [String: Double]?
        var method: String
    }

    /// An `openrsp serve` already running (`bench --server`).
    struct Remote {
        /// The SM-DP+'s ES9+ address (host:port).
        var es9Address: String
        /// Its ES2+ address (host:port, mutual TLS).
        var es2Address: String
        /// The CI: trusted for the servers' TLS certificates and by the eUICCs.
        var ci: Certificate
        /// The EUM whose key issues the simulated eUICCs' certificates.
        var eum: RSPIdentity
        /// The operator's TLS client identity and name (functionRequesterIdentifier).
        var operatorIdentity: RSPIdentity
        var operatorName: String
        /// Ordered profiles: any available one of this type (nil: any).
        var profileType: String?
    }

    var downloads: Int
    var concurrency: Int
    var profile: URL
    /// The ceiling the achieved rate is compared with.
    var ceiling: CryptoCeiling?
    /// Draw a progress bar on stderr.
    var progress = false
    /// In-process: the SM-DP+'s stores (nil: SQLite in a temporary directory).
    var stores: (@Sendable (URL) async throws -> LoopbackDeployment.Stores)?
    var storeName = "sqlite"
    var remote: Remote?
    /// In-process: threads of the deployment's own event loop group, its servers' TLS and HTTP (nil:
    /// SwiftNIO's shared group). The devices have loops of their own (`DeviceEventLoops`).
    var eventLoops: Int?
    /// In-process: the key-exchange groups the SM-DP+'s ES9+ listener accepts (nil: the defaults).
    var tlsGroups: [TLSKeyExchangeGroup]?
    /// Keep each concurrency slot's connection for all the devices it runs, instead of a connection
    /// per device (per download), opened by its first ES9+ call and closed when its session ends.
    var reuseConnections = false
    /// In-process: after the run, replay its first download's ES9+ messages as often over the same
    /// HTTPS, with no cryptography, store or eUICC behind them (`TransportFloor`).
    var transportFloor = false

    func run() async throws -> Report {
        var logger = Logger(label: "openrsp.bench")
        logger.logLevel = .critical
        if let remote { return try await run(remote, logger: logger) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let inServer = LatencySamples()
        let deployment = try await LoopbackDeployment.start(
            in: directory, stores: try await stores?(directory), eventLoops: eventLoops, tlsGroups: tlsGroups,
            es9PlusMetrics: FunctionMetrics(factory: SampledTimers(samples: inServer), listener: "es9plus"), logger: logger)
        do {
            // The deployment's only ES9+ calls are the timed run's: its orders are made without HTTP.
            var (report, session) = try await measure(deployment, logger: logger)
            report.serverLatency = inServer.percentiles()
            if transportFloor, report.errors == 0 {
                guard let session else { throw TransportFloor.NothingRecorded() }
                deployment.answerES9Plus(with: ReplayedES9PlusService(session: session))
                report.transportFloor = try await TransportFloor.measure(
                    session, downloads: downloads, concurrency: concurrency, server: deployment.smdpAddress,
                    trust: deployment.pki.ci.certificate, reuseConnections: reuseConnections, logger: logger
                ).bounded(by: ceiling)
            }
            await deployment.stop()
            return report
        } catch {
            await deployment.stop()
            throw error
        }
    }

    private func measure(_ deployment: LoopbackDeployment, logger: Logger) async throws -> (Report, RecordedES9PlusSession?) {
        guard let data = FileManager.default.contents(atPath: profile.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: profile.path])
        }
        let base = try UnprotectedProfilePackage(der: Array(data))
        var codes: [ActivationCode] = []
        let prefix = String(format: "8999%05ld", Int.random(in: 0..<100_000))
        for index in 0..<downloads {
            let iccid = try ICCID(digits: prefix + String(format: "%010ld", index), checkLuhn: false)
            let upp = try base.replacingHeaderICCID(with: iccid)
            let record = try await deployment.smdp.importProfile(upp: upp, profileType: "bench")
            codes.append(try await deployment.smdp.createOrder(iccid: record.iccid).1)
        }
        let run = try await drive(
            codes, server: deployment.smdpAddress, trust: deployment.pki.ci.certificate, eum: deployment.pki.eum,
            record: transportFloor, logger: logger)
        let installed = try await Self.installed(Set(codes.map(\.matchingID)), in: deployment.store)
        var report = report(
            run, target: "in-process over HTTPS on loopback, \(storeName) store", errors: downloads - installed, serverInProcess: true)
        report.eventLoopThreads = deployment.eventLoops?.threads
        report.tlsGroups = tlsGroups?.map(\.rawValue).joined(separator: ",")
        return (report, run.session)
    }

    /// How many of the orders `ordered` (matchingIds) ended installed, read a page at a time: the
    /// whole inventory at once held every profile's package in memory, ~45 MB per 1,000
    /// downloads, and was the process's peak resident set.
    static func installed(_ ordered: Set<String>, in store: any SMDPStore, pageSize: Int = 256) async throws -> Int {
        var installed = 0
        var after: ICCID?
        while true {
            let page = try await store.inventory(after: after, limit: pageSize)
            installed += page.count { $0.state == .installed && $0.order.map { ordered.contains($0.matchingId) } == true }
            guard page.count == pageSize, let last = page.last else { return installed }
            after = last.profile.iccid
        }
    }

    /// Orders `downloads` profiles over ES2+ (DownloadOrder by type, then ConfirmOrder with release)
    /// and downloads them from the running SM-DP+.
    private func run(_ remote: Remote, logger: Logger) async throws -> Report {
        let es2 = try ES2PlusHTTPClient(
            smdpAddress: remote.es2Address, identity: remote.operatorIdentity, trust: .only([remote.ci]), logger: logger)
        var codes: [ActivationCode] = []
        do {
            func caller() -> ES2PlusCaller {
                ES2PlusCaller(functionRequesterIdentifier: remote.operatorName, functionCallIdentifier: UUID().uuidString,
                              certificateFingerprint: [])
            }
            for _ in 0..<downloads {
                let ordered = try await es2.downloadOrder(DownloadOrderRequest(profileType: remote.profileType), caller: caller())
                let confirmed = try await es2.confirmOrder(ConfirmOrderRequest(iccid: ordered.iccid, releaseFlag: true), caller: caller())
                codes.append(ActivationCode(smdpAddress: confirmed.smdpAddress ?? remote.es9Address, matchingID: confirmed.matchingId))
            }
        } catch {
            try? await es2.shutdown()
            throw error
        }
        try? await es2.shutdown()
        let run = try await drive(codes, server: remote.es9Address, trust: remote.ci, eum: remote.eum, logger: logger)
        return report(run, target: "https://\(remote.es9Address)", errors: run.failures, serverInProcess: false)
    }

    /// What the timed part of a run measured.
    struct Run {
        var seconds: Double
        var failures: Int
        var firstError: String?
        var latency: [String: [String: Double]]
        var downloadLatency: [String: Double]
        var processCPU: Double
        var deviceCPU: Double
        var deviceThreads: Int
        var voluntarySwitches: Int
        var involuntarySwitches: Int
        var byThreadRole: [ThreadCPU.Role: Double]?
        var cardsMemory: Int?
        var connections: Int
        /// The first complete download's ES9+ messages, when recorded (`transportFloor`).
        var session: RecordedES9PlusSession?
    }

    /// Downloads every code with `concurrency` eUICCs issued by `eum` from the SM-DP+ at `server`
    /// (whose TLS certificate, like the eUICCs', chains to `trust`), timing each ES9+ call, each
    /// whole download and the CPU of the device threads against the process's.
    ///
    /// Each device's LPA has a keep-alive connection of its own for its session, as a real one
    /// has: opened by its InitiateAuthentication (so that call's latency includes the TCP connect
    /// and the TLS handshake) and closed after its last call. A shared pool would measure its
    /// queue and bookkeeping too. Each slot's client (its TLS context, as a device builds it once)
    /// serves the devices it runs in turn. The clients run on the devices' own event loops.
    private func drive(
        _ codes: [ActivationCode], server: String, trust ci: Certificate, eum: RSPIdentity, record: Bool = false, logger: Logger
    ) async throws -> Run {
        try await Self.withDeviceClients(concurrency, server: server, trust: ci, logger: logger) { clients, loops in
            let opened = clients.reduce(0) { $0 + ($1.connectionsOpened ?? 0) }
            var run = try await drive(codes, clients: clients, loops: loops, eum: eum, ci: ci, record: record, logger: logger)
            run.connections = clients.reduce(0) { $0 + ($1.connectionsOpened ?? 0) } - opened
            return run
        }
    }

    /// Runs `body` with one ES9+ client per concurrency slot, each with its single keep-alive
    /// connection to `server`, on the devices' own event loops; shuts them down after.
    static func withDeviceClients<T>(
        _ concurrency: Int, server: String, trust ci: Certificate, logger: Logger,
        _ body: ([ES9PlusHTTPClient], DeviceEventLoops) async throws -> T
    ) async throws -> T {
        let loops = try await DeviceEventLoops.start(threads: ProcessInfo.processInfo.activeProcessorCount)
        var clients: [ES9PlusHTTPClient] = []
        do {
            for _ in 0..<max(1, concurrency) {
                clients.append(try ES9PlusHTTPClient(
                    smdpAddress: server,
                    configuration: .init(transport: .https(trust: .only([ci])), eventLoopGroup: loops.loops.group, singleConnection: true),
                    logger: logger))
            }
            let result = try await body(clients, loops)
            for client in clients { try? await client.shutdown() }
            await loops.shutdown()
            return result
        } catch {
            for client in clients { try? await client.shutdown() }
            await loops.shutdown()
            throw error
        }
    }

    /// Each download is made by a card of its own, fresh from the factory (a distinct EID and
    /// certificate, no profile yet), as a fleet of devices would make them; the `concurrency` slots
    /// keep their LPA's keep-alive connection across the downloads they run. A card that stayed in
    /// its slot accumulated every profile it installed: its installations grew slower with each,
    /// and past 256 (a card's ISD-P AIDs) they failed with insufficientMemoryForProfile.
    private func drive(
        _ codes: [ActivationCode], clients: [ES9PlusHTTPClient], loops: DeviceEventLoops, eum: RSPIdentity, ci: Certificate,
        record: Bool, logger: Logger
    ) async throws -> Run {
        let samples = LatencySamples()
        let whole = LatencySamples()
        let recorder = record ? clients.first.map(RecordingES9PlusService.init) : nil
        let slots = clients.enumerated().map { index, client in
            TimedES9PlusService((index == 0 ? recorder : nil) ?? client, samples: samples)
        }
        let reuseConnections = self.reuseConnections
        let beforeCards = PeakMemory.currentResidentSetBytes()
        let cards = try await Self.manufacture(codes.count, eum: eum, ci: ci)
        let cardsMemory = PeakMemory.currentResidentSetBytes().flatMap { after in beforeCards.map { max(0, after - $0) } }

        let devices = DeviceExecutor(threads: ProcessInfo.processInfo.activeProcessorCount)
        defer { devices.shutdown() }
        let queue = WorkQueue(Array(zip(codes, cards)))
        let failures = FailureLog()
        let bar = progress ? ProgressBar(total: codes.count) : nil
        bar?.start()

        let switchesStart = CPUTime.contextSwitches()
        let processStart = CPUTime.process()
        let threadsStart = ThreadCPU.now()
        let deviceStart = devices.cpuSeconds() + loops.cpuSeconds()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for (timed, client) in zip(slots, clients) {
                group.addTask(executorPreference: devices) {
                    while let (code, identity) = queue.next() {
                        do {
                            let lpa = try await Self.device(with: identity, server: timed, logger: logger)
                            let result = try await lpa.download(activationCode: code, confirmationCode: nil)
                            guard result.installationResultDelivered else { throw UndeliveredResult() }
                            if let first = timed.takeDownloadStart() { whole.record("download", since: first) }
                        } catch {
                            _ = timed.takeDownloadStart()
                            failures.record("\(code.matchingID): \(error)")
                        }
                        // The device's session is over: the next device connects anew.
                        if !reuseConnections { await client.closeConnection() }
                        bar?.advance()
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        // The cards' identities are freed after the timed part, not one by one as the queue hands
        // them out: those frees fragmented the heap the SM-DP+ allocates from, and malloc's slow
        // path cost ~90 µs per download more (perf, 4,000 downloads).
        withExtendedLifetime(cards) {}
        let deviceCPU = devices.cpuSeconds() + loops.cpuSeconds() - deviceStart
        let threadsEnd = ThreadCPU.now()  // read inside the process's interval, as at the start
        let processCPU = CPUTime.process() - processStart
        let byThreadRole = threadsStart.flatMap { start in
            threadsEnd?.seconds(since: start, processSeconds: processCPU)
        }
        let switches = CPUTime.contextSwitches()
        await bar?.finish()
        let (failed, firstError) = failures.summary
        return Run(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            failures: failed, firstError: firstError, latency: samples.percentiles(),
            downloadLatency: whole.percentiles()["download"] ?? [:], processCPU: processCPU, deviceCPU: deviceCPU,
            deviceThreads: devices.threadCount + loops.threadCount, voluntarySwitches: switches.voluntary - switchesStart.voluntary,
            involuntarySwitches: switches.involuntary - switchesStart.involuntary, byThreadRole: byThreadRole,
            cardsMemory: cardsMemory, connections: 0, session: recorder?.session)
    }

    /// One new card's identity per download: its EID (a serial number drawn per run, so that runs
    /// against the same server do not reuse EIDs) and its certificate, issued by `eum` and validated
    /// up to `ci`. Issued before the timed part, on every core: making cards is the EUM's work.
    static func manufacture(_ count: Int, eum: RSPIdentity, ci: Certificate) async throws -> [EUICCIdentity] {
        let serial = UInt64.random(in: 0..<1_000_000) * 1_000_000_000
        let notBefore = Date(timeIntervalSinceNow: -3600)
        let batches = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let batch = (count + batches - 1) / batches
        return try await withThrowingTaskGroup(of: (Int, [EUICCIdentity]).self) { group in
            for start in stride(from: 0, to: count, by: max(1, batch)) {
                group.addTask {
                    let identities = try (start..<min(count, start + batch)).map { index in
                        let eid = try EID(prefix: "89049032", individualNumber: serial + UInt64(index))
                        let certificate = try RSPCertificateIssuer.issueEUICC(eid: eid, issuer: eum, notBefore: notBefore)
                        return try EUICCIdentity(euicc: certificate, eumCertificate: eum.certificate, signingCI: ci)
                    }
                    return (start, identities)
                }
            }
            var batches: [(Int, [EUICCIdentity])] = []
            for try await done in group { batches.append(done) }
            return batches.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// A device with a new card of identity `identity`, its LPA calling `server`.
    static func device(with identity: EUICCIdentity, server: TimedES9PlusService, logger: Logger) async throws -> LocalProfileAssistant {
        let card = SoftwareEUICC(isdr: try ISDR(identity: identity))
        _ = try await card.reset()
        return LocalProfileAssistant(
            es10: ES10Client(transport: card, logger: logger), deviceInfo: LPAConnection.deviceInfo, logger: logger
        ) { _ in server }
    }

    struct UndeliveredResult: Error, CustomStringConvertible {
        var description: String { "the SM-DP+ did not accept the installation result" }
    }

    private func report(_ run: Run, target: String, errors: Int, serverInProcess: Bool) -> Report {
        let count = Double(max(1, downloads))
        let rate = Double(downloads) / run.seconds
        let serverSeconds = serverInProcess ? max(0, run.processCPU - run.deviceCPU) / count : nil
        let report = Report(
            target: target, downloads: downloads, concurrency: max(1, concurrency), seconds: run.seconds, downloadsPerSecond: rate,
            errors: max(errors, run.failures), firstError: run.firstError, latency: run.latency,
            downloadLatency: run.downloadLatency, combinedCeiling: nil, ratioToCombinedCeiling: nil,
            connections: Connections(opened: run.connections, reusedAcrossDevices: reuseConnections),
            cpu: CPU(
                processSecondsPerDownload: run.processCPU / count, deviceSecondsPerDownload: run.deviceCPU / count,
                serverSecondsPerDownload: serverSeconds,
                serverAloneDownloadsPerSecond: serverSeconds.map {
                    $0 > 0 ? Double(ProcessInfo.processInfo.activeProcessorCount) / $0 : 0
                },
                deviceThreads: run.deviceThreads,
                voluntaryContextSwitchesPerDownload: Double(run.voluntarySwitches) / count,
                involuntaryContextSwitchesPerDownload: Double(run.involuntarySwitches) / count,
                byThreadRole: run.byThreadRole.map { roles in
                    Dictionary(uniqueKeysWithValues: roles.map { ($0.key.rawValue, $0.value / count) })
                },
                method: "process: getrusage(RUSAGE_SELF) user+system over the timed run; device: CPU clock "
                    + "(pthread_getcpuclockid) of the \(run.deviceThreads) threads that run the LPAs and software eUICCs "
                    + "(their task executor) and the LPAs' TLS and HTTP (their own event loops); "
                    + (serverInProcess
                        ? "server: the rest, i.e. the SM-DP+'s handlers and store and its HTTP and TLS on its own event loops; "
                            + "server alone: cores / server CPU per download"
                        : "server: another process, not measured")
                    + "; by thread role: each thread's time on the CPU (/proc/self/task/*/schedstat) grouped by its "
                    + "kernel name, other = process − the named threads"),
            memory: Memory(
                peakResidentSetBytes: PeakMemory.residentSetBytes(), cardsResidentSetBytes: run.cardsMemory,
                method: "getrusage(RUSAGE_SELF) ru_maxrss at the end of the run: the whole process's peak"
                    + (serverInProcess ? " (SM-DP+, its store and the simulated devices)" : " (this client only, not the server)")
                    + "; cards: the resident set (/proc/self/statm) after they were made minus before"))
        return report.compared(with: ceiling)
    }
}

extension DownloadLoad.Report {
    /// This report against `ceiling`'s combined figure (nil: no ratio).
    /// The run with the median downloads/s (the lower middle one of an even count), or the first
    /// run with errors: a failure is never hidden behind the median.
    static func median(of runs: [Self]) -> Self? {
        if let failed = runs.first(where: { $0.errors > 0 }) { return failed }
        let sorted = runs.sorted { $0.downloadsPerSecond < $1.downloadsPerSecond }
        return sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
    }

    func compared(with ceiling: CryptoCeiling?) -> Self {
        var report = self
        report.combinedCeiling = ceiling?.combined.machine
        report.ratioToCombinedCeiling = report.combinedCeiling.map { $0 > 0 ? downloadsPerSecond / $0 : 0 }
        report.transportFloor = transportFloor?.bounded(by: ceiling)
        return report
    }
}

/// How many downloads failed, and the first failure.
final class FailureLog: Sendable {
    private let state = Mutex<(count: Int, first: String?)>((0, nil))

    func record(_ failure: String) {
        state.withLock { state in
            state.count += 1
            if state.first == nil { state.first = failure }
        }
    }

    var summary: (count: Int, first: String?) { state.withLock { $0 } }
}

/// Activation codes shared by the download workers.
final class WorkQueue<Item: Sendable>: Sendable {
    private let items: Mutex<[Item]>
    init(_ items: [Item]) { self.items = Mutex(items.reversed()) }
    func next() -> Item? { items.withLock { $0.popLast() } }
}
