import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPHTTP
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SM-DP+ (ES9+) over HTTPS on the embedded SQLite store.",
        discussion: """
            The first run creates DATA/ (SQLite store, settings) and a test PKI in DATA/pki unless --pki names one. \
            The TLS certificate is the PKI's DPtls (CERT_S_SM_DP_TLS_NIST); LPAs trust the CI (CERT_CI_ECDSA_NIST). \
            Stop with Ctrl-C (graceful shutdown).
            """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8443

    @Flag(help: "Serve plain HTTP (only behind a TLS-terminating proxy).")
    var http = false

    @Option(help: "Port of the co-hosted SM-DS (ES11, DStls); default PORT+1. 0 disables the SM-DS listeners.")
    var smdsPort: Int?

    @Option(help: "Port of the SM-DS's ES12 endpoint for other SM-DP+s (mutual TLS); default PORT+2.")
    var es12Port: Int?

    func run() async throws {
        let logger = Logger(label: "openrsp")
        let listeningDefault = port == 443 ? "localhost" : "localhost:\(port)"
        let smdsPort = self.smdsPort ?? port + 1
        let environment = try ServerEnvironment(
            dataOptions, listeningDefault: listeningDefault, smdsListeningDefault: smdsPort == 0 ? nil : "localhost:\(smdsPort)",
            logger: logger)
        let pki = environment.pki
        var services: [any Service] = [
            RSPServer(service: environment.smdp, host: host, port: port,
                      tls: http ? nil : TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
        ]
        print("SM-DP+ \(environment.settings.smdpAddress): ES9+ on \(http ? "http" : "https")://\(host):\(port)")
        if smdsPort != 0 {
            services.append(RSPServer(
                routeGroups: [ES11Routes(service: environment.smds)], host: host, port: smdsPort,
                tls: http ? nil : TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]), logger: logger))
            let es12Port = self.es12Port ?? port + 2
            services.append(ES12Server(
                service: environment.smds, host: host, port: es12Port,
                tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]), clientTrust: [pki.ci.certificate], logger: logger))
            print("SM-DS  \(environment.settings.smdsAddress ?? "-"): ES11 on https://\(host):\(smdsPort), ES12 (mutual TLS) on https://\(host):\(es12Port)")
        }
        print("  data: \(environment.dataDirectory.path)   profiles: `openrsp profiles import`   orders: `openrsp order create`")
        fflush(nil)  // the announcement must show even when output goes to a file, before the server blocks
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
