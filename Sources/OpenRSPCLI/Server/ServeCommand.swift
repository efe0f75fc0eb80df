import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import SMDPPlus
import ServiceLifecycle
import X509

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SM-DP+ (ES9+, ES2+) and the SM-DS (ES11, ES12) over HTTPS on the embedded SQLite store or PostgreSQL.",
        discussion: """
            The first run creates DATA/ (SQLite store, settings) and a test PKI in DATA/pki unless --pki names one. \
            TLS certificates are the PKI's DPtls / DStls; LPAs trust the CI (CERT_CI_ECDSA_NIST). Listeners (all on --host): \
            ES9+ on PORT, SM-DS ES11 on PORT+1, ES12 (mutual TLS) on PORT+2, ES2+ (mutual TLS, `openrsp operator add`) \
            on PORT+3. Stop with Ctrl-C (graceful shutdown).

            Scale-out: several nodes serve one deployment with --store postgres://USER@HOST:PORT/DB (or \
            OPENRSP_STORE; a node applies missing migrations at start, `openrsp db migrate` does it ahead of a \
            rollout) and the same PKI (same --data contents or --pki) \
            and addresses. Each node names itself with --node-id; one node at a time delivers the ES2+ progress \
            callbacks (a store lease that moves to another node when its holder stops). A load balancer probes \
            GET /health/ready (200 when the store answers, 503 otherwise) and GET /health/live on the device \
            listeners (ES9+, ES11).

            --shared-listener (or --smds-port equal to --port) serves the SM-DS's ES11 on PORT with ES9+ (the \
            same paths): InitiateAuthentication goes to the SM-DS when the address the device names is the \
            SM-DS address (case-insensitive), to the SM-DP+ otherwise; AuthenticateClient goes to the SM-DS \
            when its transactionId names an SM-DS session in the store, to the SM-DP+ otherwise. The two \
            addresses must then differ by host name: SM-DP+ localhost:PORT and SM-DS 127.0.0.1:PORT unless \
            --smdp-address / --smds-address choose, with both names in the DPtls certificate the listener presents.
            """
    )

    enum Role: String, ExpressibleByArgument, CaseIterable {
        case all, smdp, smds
    }

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "This node's name in a scale-out deployment (health answers, callback lease; keep it across restarts so a restarted node resumes its lease at once); default HOSTNAME-PID.")
    var nodeId: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of ES9+ (the SM-DP+'s device interface).")
    var port = 8443

    @Option(help: "What to run: all (SM-DP+ and SM-DS), smdp, or smds.")
    var role: Role = .all

    @Flag(help: "Serve ES9+ and ES11 over plain HTTP (only behind a TLS-terminating proxy; ES12 and ES2+ stay mutual TLS).")
    var http = false

    @Option(help: ArgumentHelp(
        "TLS key-exchange groups the listeners accept, comma-separated, from x25519mlkem768, x25519, p256, p384 (default: all four).",
        discussion: "The device's order of preference picks among them. SGP.22 §2.6.6 names p256; the post-quantum hybrid "
            + "x25519mlkem768 costs each new connection about 100 µs of CPU more than x25519. A device that sent no key "
            + "share for an accepted group is asked for one (one more round trip)."),
        transform: TLSKeyExchangeGroup.list)
    var tlsGroups: [TLSKeyExchangeGroup]?

    @Option(help: "Port of the SM-DS's ES11; default PORT+1. 0 disables the SM-DS listeners.")
    var smdsPort: Int?

    @Flag(help: "Serve the SM-DS's ES11 on PORT together with ES9+, routed by the address the device names, then by transaction.")
    var sharedListener = false

    @Option(help: "The SM-DS address (FQDN[:port]) devices name in ES11; default localhost:SMDS_PORT, or 127.0.0.1:PORT on a shared listener.")
    var smdsAddress: String?

    @Option(help: "Port of the SM-DS's ES12 endpoint for SM-DP+s (mutual TLS); default PORT+2.")
    var es12Port: Int?

    @Option(help: "Port of ES2+ for operators (mutual TLS); default PORT+3. 0 disables it.")
    var es2Port: Int?

    @Option(help: "CA certificate (PEM or DER) trusted for operators' callback endpoints, besides the system roots and the CI; repeatable.")
    var callbackCA: [String] = []

    @Option(help: "Longest wait between two delivery attempts of a progress callback, in seconds.")
    var callbackBackoffCap: Double = 300

    @Option(help: "Days an ES2+ order may wait for its download before it expires (default: no expiry).")
    var orderLifetimeDays: Double?

    @Option(help: "Confirmation code attempts before an order is terminated.")
    var confirmationCodeAttempts = 3

    @Option(help: ArgumentHelp(
        "Port of a plain-HTTP listener answering GET /metrics in the Prometheus text format (default: none).",
        discussion: "Per listener (es9plus, es11, es12, es2plus; es9plus+es11 on a shared listener) and SGP.22 function: calls by outcome "
            + "(Executed-Success, or Failed with its subject and reason code) and a histogram of the time to answer. "
            + "With the SQLite store, each database's group commits: writes per commit and the time from BEGIN to COMMIT, "
            + "fsync included. Installation results by outcome, with the eUICC's bppCommandId and errorReason for a failure. "
            + "No label names a device, profile or transaction."))
    var metricsPort: Int?

    @Option(help: "Address of the metrics listener (keep it on the operator's network).")
    var metricsHost = "127.0.0.1"

    @Option(help: "SGP.22 versions served, LOW-HIGH or one version (version negotiation with devices).")
    var svnRange: String = VersionRange.openRSPDefault.description

    @Option(help: "Features offered, e.g. profileDownload,rpm (default: those of the highest version).")
    var features: String?

    /// How long a node's hold on the callback outbox lasts: longer than 4/3 of the callback
    /// client's connect + request timeouts (40 s), as `DownloadProgressOutbox.Lease` requires.
    static let callbackLeaseDuration: TimeInterval = 60

    /// Nodes sharing a database take turns on the callback outbox. The SQLite files serve one
    /// process, which delivers every pass as before: a restart after a crash (a new pid, so a new
    /// default node id) must not wait for its predecessor's lease to lapse.
    static func callbackLease(_ location: StoreLocation, nodeId: String) -> DownloadProgressOutbox.Lease? {
        switch location {
        case .sqlite: nil
        case .postgres: DownloadProgressOutbox.Lease(holder: nodeId, duration: callbackLeaseDuration)
        }
    }

    func validate() throws {
        if let nodeId { try Self.checkNodeID(nodeId) }
    }

    /// A listener's TLS: `identity` with the CI in its chain, and the groups the operator chose.
    func tlsOptions(_ identity: RSPIdentity, ci: Certificate) -> TLSOptions {
        TLSOptions(identity: identity, chain: [ci], keyExchangeGroups: tlsGroups)
    }

    /// Printable, without spaces, short: it appears in logs, health answers and the store.
    static func checkNodeID(_ id: String) throws {
        guard !id.isEmpty, id.count <= 128,
              id.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" })
        else { throw ValidationError("--node-id is 1–128 printable ASCII characters, no spaces or quotes") }
    }

    /// HOSTNAME-PID: unique among the nodes of a deployment as long as host names are.
    static func defaultNodeID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "node"
        let id = "\(host.isEmpty ? "node" : host)-\(ProcessInfo.processInfo.processIdentifier)"
        return (try? checkNodeID(id)) != nil ? id : "node-\(ProcessInfo.processInfo.processIdentifier)"
    }

    func run() async throws {
        let logger = Logger(label: "openrsp")
        let nodeId = self.nodeId ?? Self.defaultNodeID()
        let listeningDefault = port == 443 ? "localhost" : "localhost:\(port)"
        let smdsPort = self.smdsPort ?? port + 1
        let shared = try sharesListener(smdsPort: smdsPort)
        if let smdsAddress, !ActivationCode.isServerAddress(smdsAddress) {
            throw ValidationError("the SM-DS address must be a host name, optionally with :port — got \(smdsAddress)")
        }
        let smdsDefault = shared ? (port == 443 ? "127.0.0.1" : "127.0.0.1:\(port)") : "localhost:\(smdsPort)"
        let versions: VersionRange
        let features: RSPFeatures?
        do {
            versions = try VersionRange(parsing: svnRange)
            features = try self.features.map(RSPFeatures.init(parsing:))
        } catch {
            throw ValidationError("\(error)")
        }
        let metrics = metricsPort.map { _ in ServerMetrics() }
        let environment = try await ServerEnvironment(
            dataOptions, listeningDefault: listeningDefault, smdsListeningDefault: smdsPort == 0 ? nil : smdsAddress ?? smdsDefault,
            versions: versions, features: features,
            orders: OrderPolicy(lifetime: orderLifetimeDays.map { $0 * 86400 }, confirmationCodeAttempts: confirmationCodeAttempts),
            metrics: metrics?.factory, logger: logger)
        // From here every exit closes the stores and shuts the HTTP clients down (AsyncHTTPClient
        // traps when one is released running).
        var callbackTransport: ES2PlusCallbackHTTPClient?
        var outbox: DownloadProgressOutbox?
        var failure: (any Error)?
        do {
            print("node \(nodeId)   store: \(environment.location)")
            print("SGP.22 versions \(versions), features \(features ?? versions.highest.features)")
            if shared { try Self.checkSharedAddresses(environment) }
            let readiness = StoreReadiness(store: environment.store, nodeId: nodeId, logger: logger)
            let health = HealthRoutes(nodeID: nodeId) { await readiness.check() }
            var services: [any Service] = []
            if let metricsPort, let metrics {
                services.append(metrics.server(host: metricsHost, port: metricsPort, logger: logger))
                print("metrics: GET http://\(metricsHost):\(metricsPort)\(MetricsRoutes.path)")
            }
            if role != .smds {
                let smdp = try await smdpServices(
                    environment, shared: shared, health: health, metrics: metrics, nodeId: nodeId, logger: logger)
                services += smdp.services
                callbackTransport = smdp.transport
                outbox = smdp.outbox
            }
            if role != .smdp, smdsPort != 0 {
                services += smdsServices(
                    environment, smdsPort: smdsPort, shared: shared, health: health, metrics: metrics, logger: logger)
            }
            print("  data: \(environment.dataDirectory.path)   profiles: `openrsp profiles import`   operators: `openrsp operator add`")
            fflush(nil)  // the announcement must show even when output goes to a file, before the server blocks
            let group = ServiceGroup(
                configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch {
            failure = error
        }
        // Another node takes the callbacks over at once rather than when this lease lapses.
        await outbox?.releaseLease()
        try? await callbackTransport?.shutdown()
        await environment.close()
        if let failure { throw failure }
    }

    /// Whether ES9+ and ES11 share PORT (`--shared-listener`, or `--smds-port` equal to `--port`).
    func sharesListener(smdsPort: Int) throws -> Bool {
        guard sharedListener || smdsPort == port else { return false }
        guard smdsPort == port || self.smdsPort == nil else {
            throw ValidationError("--shared-listener serves ES11 on --port; --smds-port \(smdsPort) contradicts it")
        }
        guard role == .all else {
            throw ValidationError("a shared listener serves the SM-DP+ and the SM-DS together: it needs --role all")
        }
        return true
    }

    /// On a shared listener the device's choice of server is the host it names: the two addresses
    /// must differ by host name.
    static func checkSharedAddresses(_ environment: ServerEnvironment) throws {
        let smdp = environment.settings.smdpAddress
        let smds = environment.settings.smdsAddress ?? ""
        func host(_ address: String) -> String { String(address.split(separator: ":").first ?? "").lowercased() }
        guard host(smdp) != host(smds) else {
            throw ValidationError(
                "on a shared listener the SM-DS address must differ from the SM-DP+ address (\(smdp)) by host name — got \(smds); choose one with --smds-address")
        }
        let names = Set(((try? environment.pki.dpTLS.certificate.extensions.subjectAlternativeNames) ?? nil)?.compactMap { name -> String? in
            switch name {
            case .dnsName(let dns): dns.lowercased()
            case .ipAddress(let ip): ip.bytes.count == 4 ? ip.bytes.map { String($0) }.joined(separator: ".") : nil
            default: nil
            }
        } ?? [])
        for address in [smdp, smds] where !names.contains(host(address)) {
            print("warning: \(host(address)) is not a name in the DPtls certificate the shared listener presents (\(names.sorted().joined(separator: ", ")))")
        }
    }

    /// ES9+ (with ES11 on a shared listener), ES2+ (mutual TLS, operators' certificates), the
    /// callback outbox and order expiry.
    func smdpServices(
        _ environment: ServerEnvironment, shared: Bool, health: HealthRoutes, metrics: ServerMetrics?, nodeId: String,
        logger: Logger
    ) async throws -> (services: [any Service], transport: ES2PlusCallbackHTTPClient, outbox: DownloadProgressOutbox) {
        let pki = environment.pki
        let smdp = environment.smdp
        let tls = http ? nil : tlsOptions(pki.dpTLS, ci: pki.ci.certificate)
        let scheme = http ? "http" : "https"
        var services: [any Service] = []
        if shared, let smdsAddress = environment.settings.smdsAddress {
            let smdsStore = environment.smdsStore
            let routes = SharedDeviceRoutes(smdp: smdp, smds: environment.smds, smdsAddress: smdsAddress) { transactionId in
                try await smdsStore.smdsSession(transactionId: transactionId) != nil ? .smds : .smdp
            }
            services.append(RSPServer(
                routeGroups: [routes, health], host: host, port: port, tls: tls, options: metrics.options(listener: "es9plus+es11"),
                logger: logger))
            print("SM-DP+ \(environment.settings.smdpAddress) and SM-DS \(smdsAddress): ES9+ and ES11 on \(scheme)://\(host):\(port)")
            print("        initiateAuthentication naming \(smdsAddress) → SM-DS (ES11), any other address → SM-DP+ (ES9+);")
            print("        authenticateClient of an SM-DS session → SM-DS, any other → SM-DP+; the other ES9+ functions → SM-DP+")
        } else {
            services.append(RSPServer(
                routeGroups: [ES9PlusRoutes(service: smdp), health], host: host, port: port, tls: tls,
                options: metrics.options(listener: "es9plus"), logger: logger))
            print("SM-DP+ \(environment.settings.smdpAddress): ES9+ on \(scheme)://\(host):\(port)")
        }
        let es2Port = self.es2Port ?? port + 3
        if es2Port != 0 {
            // Certificates under DATA/operators (issued ones, and those operators brought with their
            // CA) are trusted as roots: the fingerprint binding, not the chain, authorises a caller.
            // Read again for each new connection: `operator add` needs no restart.
            // Unchanged files are not parsed again (`OperatorTrustFiles`).
            let ci = pki.ci.certificate
            let operatorTrust = OperatorTrustFiles(dataDirectory: environment.dataDirectory)
            services.append(ES2PlusServer(
                service: smdp, host: host, port: es2Port, tls: tlsOptions(pki.dpTLS, ci: ci),
                options: metrics.options(listener: "es2plus"), logger: logger
            ) { [ci] + (try operatorTrust.certificates()) })
            print("        ES2+ (mutual TLS) on https://\(host):\(es2Port)")
        }
        let extraTrust = try callbackCA.map { try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: $0)) }
        let transport = try ES2PlusCallbackHTTPClient(
            trust: .systemRootsAnd([pki.ci.certificate] + extraTrust), identity: pki.dpTLS, logger: logger)
        let outbox = DownloadProgressOutbox(
            store: environment.store, transport: transport, requesterIdentifier: environment.settings.smdpAddress,
            backoffCap: callbackBackoffCap, lease: Self.callbackLease(environment.location, nodeId: nodeId), logger: logger)
        services.append(BackgroundWork(interval: .milliseconds(500)) { _ = await outbox.deliverDue() })
        services.append(BackgroundWork(interval: .seconds(60)) {
            do { _ = try await smdp.expireOrders() } catch { logger.warning("order expiry failed: \(error)") }
            do { _ = try await smdp.purgeExpiredSessions() } catch { logger.warning("session purge failed: \(error)") }
            do { _ = try await smdp.purgeHistory() } catch { logger.warning("history purge failed: \(error)") }
        })
        return (services, transport, outbox)
    }

    /// ES11 for devices (unless it shares the ES9+ listener), ES12 (mutual TLS) for SM-DP+s, and the purge of what expired.
    func smdsServices(
        _ environment: ServerEnvironment, smdsPort: Int, shared: Bool, health: HealthRoutes, metrics: ServerMetrics?,
        logger: Logger
    ) -> [any Service] {
        let pki = environment.pki
        let es12Port = self.es12Port ?? port + 2
        let es12 = ES12Server(
            service: environment.smds, host: host, port: es12Port,
            tls: tlsOptions(pki.dsTLS, ci: pki.ci.certificate), clientTrust: [pki.ci.certificate],
            options: metrics.options(listener: "es12"), logger: logger)
        // Every ES11 InitiateAuthentication stores a session, and events outlive their downloads
        // until they expire: both are removed once their lifetime ended.
        let smds = environment.smds
        let purge = BackgroundWork(interval: .seconds(60)) {
            do { _ = try await smds.purgeExpired() } catch { logger.warning("SM-DS purge failed: \(error)") }
        }
        if shared {
            print("SM-DS  \(environment.settings.smdsAddress ?? "-"): ES12 (mutual TLS) on https://\(host):\(es12Port)")
            return [es12, purge]
        }
        print("SM-DS  \(environment.settings.smdsAddress ?? "-"): ES11 on \(http ? "http" : "https")://\(host):\(smdsPort), ES12 (mutual TLS) on https://\(host):\(es12Port)")
        return [
            RSPServer(
                routeGroups: [ES11Routes(service: environment.smds), health], host: host, port: smdsPort,
                tls: http ? nil : tlsOptions(pki.dsTLS, ci: pki.ci.certificate), options: metrics.options(listener: "es11"),
                logger: logger),
            es12, purge,
        ]
    }
}
