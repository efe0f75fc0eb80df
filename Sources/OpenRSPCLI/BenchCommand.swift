import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore

/// Measures the cryptographic work of one profile download, operation by operation, the ceiling it
/// sets for the SM-DP+, the devices and both together, and — with `--downloads` — complete downloads
/// against that ceiling.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure SGP.22 cryptography and complete downloads on this machine.",
        discussion: """
            Runs in-process with fresh keys and a generated PKI; each cryptographic measurement runs for --seconds, \
            in five slices of which the fastest counts. \
            --crypto-ceiling prints what one download costs the SM-DP+ and the device and the downloads/s those \
            costs allow. --downloads N runs N complete downloads (in-process over HTTPS on loopback, or against \
            --server) and reports them against the combined ceiling.
            """
    )

    @Option(help: "Seconds per cryptographic measurement (five slices; the fastest counts).")
    var seconds = 1.0

    @Option(help: "Unprotected Profile Package to bind and download (default: a TS.48 v5 profile from ../shared/profiles).")
    var profile: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Print the cryptographic cost of one download, SM-DP+ and device, and the ceilings it sets.")
    var cryptoCeiling = false

    @Option(help: "Also run this many complete downloads (0: crypto only).")
    var downloads = 0

    @Option(help: "Concurrent eUICCs for --downloads.")
    var concurrency = 4

    @Option(help: ArgumentHelp(
        "Repeat --downloads this many times, each on a fresh deployment, and report the run with the median downloads/s.",
        discussion: "On a shared or virtual machine one run can differ from the next by 10% or more: the spread "
            + "of several runs tells a change apart from the noise."))
    var runs = 1

    @Flag(help: "Draw a progress bar on stderr while downloads run (default: only when stderr is a terminal).")
    var progress = false

    @Flag(help: "Run the SM-DP+ in this process, over HTTPS on loopback (the default).")
    var inProcess = false

    @Option(help: ArgumentHelp(
        "In-process: the SM-DP+'s threads for TLS and HTTP (an event loop group of the deployment's own; default one per core). "
            + "The devices have as many loops of their own as there are cores.",
        discussion: "One loop handled every connection in turn: while it worked through a burst, "
            + "the handlers waiting on it left a core idle."))
    var eventLoops: Int?

    @Flag(help: ArgumentHelp(
        "Keep each concurrency slot's HTTPS connection for every device it runs (default: a connection per device).",
        discussion: "By default each simulated device opens its own keep-alive connection with its first ES9+ call "
            + "(TCP connect and a full TLS handshake, in that call's latency) and closes it when its session ends, "
            + "as a fleet of devices does. Reusing the slots' connections leaves the handshakes out."))
    var reuseConnections = false

    @Flag(help: ArgumentHelp(
        "In-process: after the (last) run, replay its first download's ES9+ messages as many times over the same HTTPS, "
            + "with nothing behind them, and report what that costs.",
        discussion: "The SM-DP+'s listener answers with the recorded answers and the devices send the recorded requests: "
            + "TCP, TLS, HTTP and the messages' codecs at both ends, without cryptography, store or eUICC. That CPU per "
            + "download plus the ceiling's cryptography bounds any SM-DP+ and LPA on these libraries on this machine."))
    var transportFloor = false

    @Option(help: ArgumentHelp(
        "In-process: the TLS key-exchange groups the SM-DP+ accepts, as `serve --tls-groups` (default: all).",
        discussion: "Prices the choice: the TLS handshake line and every new device connection use it. The devices "
            + "offer their defaults (the post-quantum hybrid first)."),
        transform: TLSKeyExchangeGroup.list)
    var tlsGroups: [TLSKeyExchangeGroup]?

    @Option(help: "In-process: the SM-DP+'s store, sqlite (default), a postgres:// URL, or memory (no persistence: what the store costs).")
    var store: String?

    @Option(help: "Download from an `openrsp serve` already running: its ES9+ base URL (https://HOST:PORT).")
    var server: String?

    @Option(help: "With --server: the CI certificate to trust (default: DATA/pki).")
    var ci: String?

    @Option(help: "With --server: the server's data directory; its pki holds the EUM key that issues the eUICCs.")
    var data = "./openrsp-data"

    @Option(help: "With --server: an operator's directory from `openrsp operator add` (operator.pem, operator.key).")
    var operatorDir: String?

    @Option(help: "With --server: the ES2+ address, HOST:PORT (default: the ES9+ port + 3, as `serve` does).")
    var es2: String?

    @Option(help: "With --server: order available profiles of this type (default: any).")
    var profileType: String?

    @Option(help: ArgumentHelp(
        "Instead of downloads: inventory sizes to fill (comma-separated, e.g. 1000,1000000), each in a fresh store, "
            + "and the latency of ordering and of a download's order reads at each.",
        discussion: "The store is SQLite in a temporary directory, or with --store postgres://… a database of its own "
            + "per size on that server (created, then dropped; the URL's own database is left alone).",
        valueName: "sizes"))
    var inventory: String?

    @Option(help: "With --inventory: timed operations of each kind per size.")
    var inventoryOperations = 1_000

    func validate() throws {
        if inventory != nil, server != nil || downloads > 0 || cryptoCeiling {
            throw ValidationError("--inventory runs alone (no --server, --downloads or --crypto-ceiling)")
        }
        if inventory != nil { _ = try inventorySizes(); _ = try inventoryStore() }
        if inventoryOperations < 1 { throw ValidationError("--inventory-operations must be at least 1") }
        if server != nil, inProcess { throw ValidationError("--server and --in-process exclude each other") }
        if server != nil, store != nil { throw ValidationError("--store applies to --in-process only") }
        if server != nil, downloads <= 0 { throw ValidationError("--server needs --downloads N") }
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
        if server != nil, eventLoops != nil { throw ValidationError("--event-loops applies to --in-process only") }
        if let eventLoops, eventLoops < 1 { throw ValidationError("--event-loops must be at least 1") }
        if server != nil, tlsGroups != nil { throw ValidationError("--tls-groups applies to --in-process only") }
        if transportFloor, server != nil || downloads <= 0 {
            throw ValidationError("--transport-floor replays an in-process run: it needs --downloads N and no --server")
        }
    }

    /// `--inventory`: positive sizes, in the order given.
    func inventorySizes() throws -> [Int] {
        let sizes = (inventory ?? "").split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--inventory takes positive sizes separated by commas, e.g. 1000,1000000")
        }
        return sizes.compactMap { $0 }
    }

    /// `--store` with `--inventory`: sqlite (the default) or a postgres:// server URL.
    func inventoryStore() throws -> InventoryScale.Store {
        if store?.lowercased() == "memory" {
            throw ValidationError("--inventory measures a persistent store: --store sqlite or a postgres:// URL")
        }
        switch try StoreLocation(parsing: store, dataDirectory: URL(fileURLWithPath: ".")) {
        case .sqlite: return .sqlite
        case .postgres(let server): return .postgres(server)
        }
    }

    func run() async throws {
        if inventory != nil { return try await runInventoryScale() }
        let remote = try remoteTarget()
        let stores = try storeFactory()
        // Without --profile: the TS.48 profile the downloads use, or (crypto only) a 12 KB synthetic payload.
        let profileURL = try profile.map(URL.init(fileURLWithPath:))
            ?? (downloads > 0 ? DemoCommand.defaultProfile() : try? DemoCommand.defaultProfile())
        let upp: [UInt8]
        if let profileURL {
            guard let data = FileManager.default.contents(atPath: profileURL.path) else {
                throw ValidationError("cannot read \(profileURL.path)")
            }
            upp = Array(data)
        } else {
            upp = [UInt8](repeating: 0xA5, count: 12_163)
        }
        let groups = tlsGroups
        var ceiling = try CryptoCeiling.measure(seconds: seconds, upp: upp, tlsGroups: groups)
        let euiccInfo1 = try EUICCInfo1(svn: [2, 2, 2], euiccCiPKIdListForVerification: [[1, 2, 3]],
                                        euiccCiPKIdListForSigning: [[1, 2, 3]]).derEncoded()
        let decode = try Stopwatch(seconds: seconds).measure("EUICCInfo1 DER decode") { _ = try EUICCInfo1(derBytes: euiccInfo1) }

        var load: DownloadLoad.Report?
        var runs: [DownloadLoad.Report] = []
        if downloads > 0, let profileURL {
            for index in 0..<self.runs {
                let report = try await DownloadLoad(
                    downloads: downloads, concurrency: max(1, concurrency), profile: profileURL, ceiling: ceiling,
                    progress: progress || ProgressBar.stderrIsTerminal, stores: stores, storeName: storeName, remote: remote,
                    eventLoops: remote == nil ? eventLoops ?? ProcessInfo.processInfo.activeProcessorCount : nil, tlsGroups: groups,
                    // One replay, after the last run: a replay grows the process's heap, and so the peak
                    // RSS of the runs after it (152 against 118 MiB at the fifth of five runs).
                    reuseConnections: reuseConnections, transportFloor: transportFloor && index == self.runs - 1
                ).run()
                runs.append(report)
                if report.errors > 0 { break }
            }
            // Measured again after the runs: the ratio compares with the faster of the two.
            ceiling = ceiling.fastest(with: try CryptoCeiling.measure(seconds: seconds, upp: upp, tlsGroups: groups))
            runs = runs.map { $0.compared(with: ceiling) }
            load = DownloadLoad.Report.median(of: runs)
            if load?.transportFloor == nil { load?.transportFloor = runs.last?.transportFloor }
        }
        let operations = ceiling.operations + [decode]

        if json {
            struct Output: Encodable {
                var operations: [CryptoCeiling.Operation]
                var cryptoCeiling: CryptoCeiling
                var downloads: DownloadLoad.Report?
                /// Every run's downloads/s, in order, when there were several (`downloads` is the median one).
                var runs: [Double]?
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Output(
                operations: operations, cryptoCeiling: ceiling, downloads: load,
                runs: runs.count > 1 ? runs.map(\.downloadsPerSecond) : nil)), as: UTF8.self))
        } else {
            for result in operations {
                let name = result.name.padding(toLength: 62, withPad: " ", startingAt: 0)
                print("\(name) \(String(format: "%10.0f/s %9.1f µs", result.operationsPerSecond, result.microsecondsPerOperation))")
            }
            print("")
            for line in cryptoCeiling ? ceiling.lines : ceiling.ceilingLines { print(line) }
            if let load { Self.printReport(load, ceiling: ceiling) }
            if runs.count > 1, let load {
                let rates = runs.map(\.downloadsPerSecond)
                Swift.print("  runs: " + rates.map { String(format: "%.1f", $0) }.joined(separator: " / ")
                            + String(format: " downloads/s; the median run is shown (min %.1f, max %.1f, spread %.1f%% of the median)",
                                     rates.min() ?? 0, rates.max() ?? 0,
                                     100 * ((rates.max() ?? 0) - (rates.min() ?? 0)) / max(1e-9, load.downloadsPerSecond)))
            }
        }
        if runs.contains(where: { $0.errors > 0 || ($0.transportFloor?.errors ?? 0) > 0 }) { throw ExitCode(1) }
    }

    func runInventoryScale() async throws {
        let profileURL = try profile.map(URL.init(fileURLWithPath:)) ?? DemoCommand.defaultProfile()
        let report = try await InventoryScale(
            sizes: try inventorySizes(), operations: inventoryOperations, profile: profileURL, store: try inventoryStore()).run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(["inventory": report]), as: UTF8.self))
        } else {
            Self.printReport(report)
        }
    }

    static func printReport(_ report: InventoryScale.Report) {
        Swift.print("inventory scale (\(report.store) store; up to \(report.operationsPerSize) of each operation per size)")
        for size in report.sizes {
            Swift.print(String(
                format: "  %ld profiles (after another operator's %ld of the same type): imported in %.1f s (%.0f rows/s), store %.1f MB",
                size.profiles, size.neighbourProfiles, size.importSeconds, size.importRowsPerSecond, Double(size.storeBytes) / 1e6))
            for operation in size.operations {
                let values = operation.microseconds
                Swift.print("    \(operation.name.padding(toLength: 18, withPad: " ", startingAt: 0))"
                            + String(format: " p50 %8.1f µs   p90 %8.1f µs   p99 %8.1f µs   max %8.1f µs",
                                     values["p50"] ?? 0, values["p90"] ?? 0, values["p99"] ?? 0, values["max"] ?? 0)
                            + "  (\(operation.what))")
            }
        }
        if let first = report.sizes.first, let last = report.sizes.last, report.sizes.count > 1 {
            let ratios = zip(first.operations, last.operations).map { small, large in
                String(format: "%@ ×%.2f", large.name, (large.microseconds["p50"] ?? 0) / max(1e-9, small.microseconds["p50"] ?? 0))
            }
            Swift.print("  p50 at \(last.profiles) against \(first.profiles) profiles: " + ratios.joined(separator: ", "))
        }
        Swift.print("  (\(report.method))")
    }

    static func printReport(_ load: DownloadLoad.Report, ceiling: CryptoCeiling) {
        Swift.print("")
        Swift.print(String(format: "complete downloads (%d eUICCs, %d downloads): %.1f/s in %.2f s, %d errors",
                           load.concurrency, load.downloads, load.downloadsPerSecond, load.seconds, load.errors)
                    + " — \(load.target)")
        if let first = load.firstError { Swift.print("  first error: \(first)") }
        if let ceiling = load.combinedCeiling, let ratio = load.ratioToCombinedCeiling {
            Swift.print(String(format: "  achieved / combined crypto ceiling: %.1f / %.1f downloads/s = %.3f (%.1f%%)",
                               load.downloadsPerSecond, ceiling, ratio, ratio * 100))
        }
        func figures(_ name: String, _ values: [String: Double]) {
            Swift.print("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0))"
                        + String(format: " p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   max %7.2f ms",
                                 values["p50"] ?? 0, values["p90"] ?? 0, values["p99"] ?? 0, values["max"] ?? 0))
        }
        // A download's four calls in their order, then any other (cancelSession) by name.
        let downloadCalls = [RSPHTTP.ES9PlusFunction.initiateAuthentication, .authenticateClient, .getBoundProfilePackage,
                             .handleNotification].map(\.rawValue)
        figures("whole download", load.downloadLatency)
        for function in downloadCalls {
            if let values = load.latency[function] { figures(function, values) }
        }
        for (function, values) in load.latency.sorted(by: { $0.key < $1.key }) where !downloadCalls.contains(function) {
            figures(function, values)
        }
        if let inServer = load.serverLatency {
            // The rest of each call's time is the connect and TLS handshake, waits for a thread, and HTTPS both ways.
            Swift.print("  of which inside the SM-DP+ (request head to answer, FunctionMetrics):")
            for function in downloadCalls {
                if let values = inServer[function] { figures("  " + function, values) }
            }
        }
        let cpu = load.cpu
        Swift.print(String(format: "  CPU per download: process %.2f ms, device %.2f ms, ",
                           cpu.processSecondsPerDownload * 1e3, cpu.deviceSecondsPerDownload * 1e3)
                    + (cpu.serverSecondsPerDownload.map { String(format: "server (the rest) %.2f ms", $0 * 1e3) } ?? "server not measured"))
        if let roles = cpu.byThreadRole {
            let described: [(ThreadCPU.Role, String)] = [
                (.devices, "devices (LPAs, eUICCs, their TLS and HTTP)"),
                (.concurrencyPool, "Swift concurrency pool (SM-DP+ handlers, store reads)"),
                (.eventLoops, "SM-DP+ event loops (its TLS and HTTP)"), (.serialQueues, "serial queues (SQLite writer)"),
                (.other, "other"),
            ]
            Swift.print("  CPU per download by thread: " + described.map { role, label in
                label + String(format: " %.2f ms", (roles[role.rawValue] ?? 0) * 1e3)
            }.joined(separator: ", "))
        }
        // What the ceiling prices is the floor of each side's figure; the rest is what to work on.
        Swift.print(String(format: "  beyond the ceiling's operations: device %.2f ms (%.2f − %.2f)",
                           cpu.deviceSecondsPerDownload * 1e3 - ceiling.deviceOnly.microsecondsPerDownload / 1e3,
                           cpu.deviceSecondsPerDownload * 1e3, ceiling.deviceOnly.microsecondsPerDownload / 1e3)
                    + (cpu.serverSecondsPerDownload.map { server in
                        String(format: ", server %.2f ms (%.2f − %.2f)",
                               server * 1e3 - ceiling.serverOnly.microsecondsPerDownload / 1e3,
                               server * 1e3, ceiling.serverOnly.microsecondsPerDownload / 1e3)
                    } ?? ""))
        if let alone = cpu.serverAloneDownloadsPerSecond, let server = cpu.serverSecondsPerDownload {
            Swift.print(String(format: "  SM-DP+ alone, from its CPU: %.1f downloads/s on %d cores at full use (%d / %.2f ms; "
                               + "an upper bound for a server whose devices are elsewhere)",
                               alone, ProcessInfo.processInfo.activeProcessorCount, ProcessInfo.processInfo.activeProcessorCount, server * 1e3))
        }
        Swift.print("  (\(cpu.method))")
        Swift.print(String(format: "  context switches per download (process): %.1f voluntary (thread hops), %.1f involuntary",
                           cpu.voluntaryContextSwitchesPerDownload, cpu.involuntaryContextSwitchesPerDownload))
        Swift.print("  HTTPS connections opened: \(load.connections.opened) for \(load.downloads) downloads ("
                    + (load.connections.reusedAcrossDevices
                        ? "--reuse-connections: each slot's connection served every device it ran)"
                        : "one per device: a TCP connect and a TLS handshake each, in its InitiateAuthentication)"))
        Swift.print("  SM-DP+ TLS/HTTP event loop threads: "
                    + (load.eventLoopThreads.map(String.init) ?? "NIO's default (\(ProcessInfo.processInfo.activeProcessorCount), one per core)")
                    + "; the devices' TLS/HTTP runs on \(ProcessInfo.processInfo.activeProcessorCount) loops of their own")
        if let groups = load.tlsGroups { Swift.print("  TLS key exchange: the SM-DP+ accepts only \(groups) (--tls-groups)") }
        if let floor = load.transportFloor {
            Swift.print(String(
                format: "  transport floor (the last run's first download replayed %d times over the same HTTPS, nothing behind it): "
                    + "%.1f/s, %d errors, %d connections; CPU per download: process %.2f ms, devices %.2f ms, server %.2f ms",
                floor.downloads, floor.downloadsPerSecond, floor.errors, floor.connectionsOpened, floor.processSecondsPerDownload * 1e3,
                floor.deviceSecondsPerDownload * 1e3, floor.serverSecondsPerDownload * 1e3))
            if let first = floor.firstError { Swift.print("    first error: \(first)") }
            if let bound = floor.boundDownloadsPerSecond {
                let crypto = ceiling.combined.microsecondsPerDownload / 1e3
                Swift.print(String(
                    format: "    bound for these libraries here: %d cores / (%.2f ms transport + %.2f ms cryptography) = %.1f downloads/s; "
                        + "the reported run's own work beyond both: %.2f ms per download",
                    ProcessInfo.processInfo.activeProcessorCount, floor.processSecondsPerDownload * 1e3, crypto, bound,
                    cpu.processSecondsPerDownload * 1e3 - floor.processSecondsPerDownload * 1e3 - crypto))
            }
        }
        if let bytes = load.memory.peakResidentSetBytes {
            Swift.print(String(format: "  peak RSS (process): %.1f MiB", Double(bytes) / 1_048_576)
                        + (load.memory.cardsResidentSetBytes.map {
                            String(format: ", of which the %d cards made before the run: %.1f MiB", load.downloads, Double($0) / 1_048_576)
                        } ?? "")
                        + "  (\(load.memory.method))")
        }
    }

    var storeName: String {
        guard let store, !store.isEmpty, store.lowercased() != "sqlite" else { return "sqlite" }
        return (try? PostgresURL(parsing: store).description) ?? store
    }

    /// `--store`: nil for SQLite in the deployment's directory (LoopbackDeployment's default); a
    /// postgres:// URL opens that database (migrating it first) for the deployment's SM-DP+ and SM-DS.
    func storeFactory() throws -> (@Sendable (URL) async throws -> LoopbackDeployment.Stores)? {
        if store?.lowercased() == "memory" {
            return { _ in LoopbackDeployment.Stores(smdp: InMemorySMDPStore(), smds: InMemorySMDSStore()) {} }
        }
        let location = try StoreLocation(parsing: store, dataDirectory: URL(fileURLWithPath: "."))
        guard case .postgres = location else { return nil }
        return { _ in
            var logger = Logger(label: "openrsp.bench")
            logger.logLevel = .error
            let opened = try await location.open(logger: logger)
            return LoopbackDeployment.Stores(smdp: opened.smdp, smds: opened.smds) { await opened.close() }
        }
    }

    /// `--server`: the running SM-DP+, the PKI its eUICCs chain to, and the operator that orders.
    func remoteTarget() throws -> DownloadLoad.Remote? {
        guard let server else { return nil }
        guard let url = URLComponents(string: server), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw ValidationError("--server must be an https://HOST[:PORT] URL")
        }
        let port = url.port ?? 443
        let pki = URL(fileURLWithPath: data).appendingPathComponent("pki")
        guard let eum = try RSPPKIDirectory.loadIdentity(.eum, from: pki) else {
            throw ValidationError("no EUM certificate and key in \(pki.path): the eUICCs need them (--data DIR)")
        }
        guard let ci = try self.ci.map({ try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: $0)) })
            ?? RSPPKIDirectory.loadCertificate(.ci, from: pki)
        else { throw ValidationError("no CI certificate: pass --ci FILE or --data DIR") }
        guard let operatorDir else { throw ValidationError("--server needs --operator-dir (from `openrsp operator add`)") }
        let directory = URL(fileURLWithPath: operatorDir)
        let identity = try RSPPKIDirectory.loadIdentity(
            certificate: directory.appendingPathComponent(OperatorFiles.certificateName),
            privateKey: directory.appendingPathComponent(OperatorFiles.keyName))
        return DownloadLoad.Remote(
            es9Address: "\(host):\(port)", es2Address: es2 ?? "\(host):\(port + 3)", ci: ci, eum: eum,
            operatorIdentity: identity,
            operatorName: ES2Command.Connection.commonName(of: identity.certificate) ?? directory.lastPathComponent,
            profileType: profileType)
    }
}
