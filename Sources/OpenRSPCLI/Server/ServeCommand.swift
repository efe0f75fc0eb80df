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

    func run() async throws {
        let logger = Logger(label: "openrsp")
        let listeningDefault = port == 443 ? "localhost" : "localhost:\(port)"
        let environment = try ServerEnvironment(dataOptions, listeningDefault: listeningDefault, logger: logger)
        let tls = http ? nil : TLSOptions(identity: environment.pki.dpTLS, chain: [environment.pki.ci.certificate])
        let server = RSPServer(service: environment.smdp, host: host, port: port, tls: tls, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        print("SM-DP+ \(environment.settings.smdpAddress) listening on \(http ? "http" : "https")://\(host):\(port)")
        print("  data: \(environment.dataDirectory.path)   profiles: `openrsp profiles import`   orders: `openrsp order create`")
        try await group.run()
    }
}
