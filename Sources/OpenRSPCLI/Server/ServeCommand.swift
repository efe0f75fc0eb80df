import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import SMDPPlus
import ServiceLifecycle
import X509

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SM-DP+ (ES9+, ES2+) and the SM-DS (ES11, ES12) over HTTPS on the embedded SQLite store.",
        discussion: """
            The first run creates DATA/ (SQLite store, settings) and a test PKI in DATA/pki unless --pki names one. \
            TLS certificates are the PKI's DPtls / DStls; LPAs trust the CI (CERT_CI_ECDSA_NIST). Listeners (all on --host): \
            ES9+ on PORT, SM-DS ES11 on PORT+1, ES12 (mutual TLS) on PORT+2, ES2+ (mutual TLS, `openrsp operator add`) \
            on PORT+3. Stop with Ctrl-C (graceful shutdown).
            """
    )

    enum Role: String, ExpressibleByArgument, CaseIterable {
        case all, smdp, smds
    }

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of ES9+ (the SM-DP+'s device interface).")
    var port = 8443

    @Option(help: "What to run: all (SM-DP+ and SM-DS), smdp, or smds.")
    var role: Role = .all

    @Flag(help: "Serve ES9+ and ES11 over plain HTTP (only behind a TLS-terminating proxy; ES12 and ES2+ stay mutual TLS).")
    var http = false

    @Option(help: "Port of the SM-DS's ES11; default PORT+1. 0 disables the SM-DS listeners.")
    var smdsPort: Int?

    @Option(help: "Port of the SM-DS's ES12 endpoint for SM-DP+s (mutual TLS); default PORT+2.")
    var es12Port: Int?

    @Option(help: "Port of ES2+ for operators (mutual TLS); default PORT+3. 0 disables it.")
    var es2Port: Int?

    @Option(help: "CA certificate (PEM or DER) trusted for operators' callback endpoints, besides the system roots and the CI; repeatable.")
    var callbackCA: [String] = []

    @Option(help: "Longest wait between two delivery attempts of a progress callback, in seconds.")
    var callbackBackoffCap: Double = 300

    func run() async throws {
        let logger = Logger(label: "openrsp")
        let listeningDefault = port == 443 ? "localhost" : "localhost:\(port)"
        let smdsPort = self.smdsPort ?? port + 1
        let environment = try ServerEnvironment(
            dataOptions, listeningDefault: listeningDefault, smdsListeningDefault: smdsPort == 0 ? nil : "localhost:\(smdsPort)",
            logger: logger)
        var services: [any Service] = []
        if role != .smds {
            services += try await smdpServices(environment, logger: logger)
        }
        if role != .smdp, smdsPort != 0 {
            services += smdsServices(environment, smdsPort: smdsPort, logger: logger)
        }
        print("  data: \(environment.dataDirectory.path)   profiles: `openrsp profiles import`   operators: `openrsp operator add`")
        fflush(nil)  // the announcement must show even when output goes to a file, before the server blocks
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// ES9+, ES2+ (mutual TLS, operators' certificates), the callback outbox and order expiry.
    func smdpServices(_ environment: ServerEnvironment, logger: Logger) async throws -> [any Service] {
        let pki = environment.pki
        let smdp = environment.smdp
        var services: [any Service] = [
            RSPServer(service: smdp, host: host, port: port,
                      tls: http ? nil : TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
        ]
        print("SM-DP+ \(environment.settings.smdpAddress): ES9+ on \(http ? "http" : "https")://\(host):\(port)")
        let es2Port = self.es2Port ?? port + 3
        if es2Port != 0 {
            // Certificates under DATA/operators (issued ones, and those operators brought with their
            // CA) are trusted as roots: the fingerprint binding, not the chain, authorises a caller.
            let operatorCertificates = try OperatorFiles.trustedCertificates(in: environment.dataDirectory)
            services.append(ES2PlusServer(
                service: smdp, host: host, port: es2Port, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]),
                clientTrust: [pki.ci.certificate] + operatorCertificates, logger: logger))
            print("        ES2+ (mutual TLS) on https://\(host):\(es2Port)")
        }
        let extraTrust = try callbackCA.map { try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: $0)) }
        let transport = try ES2PlusCallbackHTTPClient(
            trust: .systemRootsAnd([pki.ci.certificate] + extraTrust), identity: pki.dpTLS, logger: logger)
        let outbox = DownloadProgressOutbox(
            store: environment.store, transport: transport, requesterIdentifier: environment.settings.smdpAddress,
            backoffCap: callbackBackoffCap, logger: logger)
        services.append(BackgroundWork(interval: .milliseconds(500)) { _ = await outbox.deliverDue() })
        services.append(BackgroundWork(interval: .seconds(60)) {
            do { _ = try await smdp.expireOrders() } catch { logger.warning("order expiry failed: \(error)") }
        })
        return services
    }

    /// ES11 for devices and ES12 (mutual TLS) for SM-DP+s.
    func smdsServices(_ environment: ServerEnvironment, smdsPort: Int, logger: Logger) -> [any Service] {
        let pki = environment.pki
        let es12Port = self.es12Port ?? port + 2
        print("SM-DS  \(environment.settings.smdsAddress ?? "-"): ES11 on \(http ? "http" : "https")://\(host):\(smdsPort), ES12 (mutual TLS) on https://\(host):\(es12Port)")
        return [
            RSPServer(
                routeGroups: [ES11Routes(service: environment.smds)], host: host, port: smdsPort,
                tls: http ? nil : TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]), logger: logger),
            ES12Server(
                service: environment.smds, host: host, port: es12Port,
                tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]), clientTrust: [pki.ci.certificate], logger: logger),
        ]
    }
}
