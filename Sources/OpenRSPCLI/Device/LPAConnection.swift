import ArgumentParser
import EUICC
import Foundation
import LPA
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import X509

/// Options every `openrsp lpa` command takes: which eUICC, which trust anchors, which output.
struct LPAOptions: ParsableArguments {
    @Option(help: "The eUICC: a software eUICC directory, or tcp://HOST:PORT of a card served with `euicc serve --listen`.")
    var euicc: String

    @Option(help: "CA certificate (PEM or DER) trusted for SM-DP+ TLS; repeatable. Default: the CI the eUICC holds.")
    var ca: [String] = []

    @Flag(help: "With --ca: trust the system roots as well.")
    var systemRoots = false

    @Flag(help: "Talk to SM-DP+s over plain HTTP (only behind a TLS proxy, never on a network).")
    var insecureHTTP = false

    @Flag(help: "Machine-readable JSON output.")
    var json = false
}

/// An LPA wired to its eUICC and to HTTPS SM-DP+s; `close()` releases connections.
struct LPAConnection {
    let lpa: LocalProfileAssistant
    let pool: ES9ClientPool
    let transport: any APDUTransport

    /// TAC of the OpenRSP LPA as a device (test range), and the releases it supports.
    static let deviceInfo = DeviceInfo(
        tac: [0x35, 0x29, 0x06, 0x11],
        deviceCapabilities: DeviceCapabilities(eutranSupportedRelease: [0x0F, 0x00, 0x00]),
        imei: nil)

    static func open(_ options: LPAOptions, logger: Logger) async throws -> LPAConnection {
        var trust: [Certificate] = try options.ca.map { path in
            try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: path))
        }
        let transport: any APDUTransport
        if options.euicc.hasPrefix("tcp://") {
            let (host, port) = try HostPort.parse(String(options.euicc.dropFirst("tcp://".count)))
            transport = try await VPCDReaderTransport.connect(host: host, port: port)
        } else {
            let card = try SoftwareEUICC.open(directory: URL(fileURLWithPath: options.euicc))
            if trust.isEmpty { trust = card.isdr.identity.trustedCIs }
            transport = card
        }
        _ = try await transport.reset()
        // Without a trust anchor the eUICC can still be managed; only contacting an SM-DP+ fails.
        let httpTransport: ES9PlusHTTPClient.Transport? =
            options.insecureHTTP ? .plainHTTP
            : options.systemRoots ? .https(trust: .systemRootsAnd(trust))
            : trust.isEmpty ? nil : .https(trust: .only(trust))
        let pool = ES9ClientPool(transport: httpTransport, logger: logger)
        let es10 = ES10Client(transport: transport, logger: logger)
        let lpa = LocalProfileAssistant(
            es10: es10, deviceInfo: deviceInfo, logger: logger, serverFactory: { pool.service(for: $0) },
            es11Factory: { pool.discoveryService(for: $0) })
        return LPAConnection(lpa: lpa, pool: pool, transport: transport)
    }

    func close() async {
        await pool.shutdown()
        try? await lpa.es10.close()
        if let tcp = transport as? VPCDReaderTransport { await tcp.close() }
    }

    /// Runs `body` with an open connection and always closes it.
    static func with<T>(_ options: LPAOptions, _ body: (LPAConnection) async throws -> T) async throws -> T {
        var logger = Logger(label: "openrsp.lpa")
        logger.logLevel = .warning
        let connection = try await open(options, logger: logger)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// Prints either JSON (for scripts) or lines for people.
enum Output {
    static func json(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// A typed value's JSON tree (SGP.22 structures are Encodable).
    static func tree(_ value: some Encodable) throws -> Any {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONSerialization.jsonObject(with: try encoder.encode(value), options: [.fragmentsAllowed])
    }
}
