import ArgumentParser
import EUICC
import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import ServiceLifecycle
import X509

struct EUICCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "euicc",
        abstract: "The software eUICC: create one, or expose it as a card over TCP (vsmartcard vpcd framing).",
        subcommands: [Init.self, Serve.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a software eUICC in a directory from a PKI directory or from explicit files.",
            discussion: """
                With --pki: the eUICC, EUM and CI certificates and the eUICC key of an `openrsp pki init` (or SGP.26) \
                directory. Otherwise --certificate, --key, --eum and one or more --ci (PEM or DER), and optionally --eid \
                (checked against the certificate).
                --svn-range LOW-HIGH makes a card that supports several SGP.22 versions (default 2.2.2 alone, the \
                v2 card); --features lists what it offers (default: everything its highest version defines). Both \
                are kept in the card's euicc-state.json.
                """
        )

        @Option(help: "Directory of the new eUICC.")
        var dir: String

        @Option(help: "PKI directory to take the identity from.")
        var pki: String?

        @Option(help: "EID (must match the eUICC certificate).")
        var eid: String?

        @Option(help: "eUICC certificate (CERT.EUICC.ECDSA).")
        var certificate: String?

        @Option(help: "eUICC private key (SK.EUICC.ECDSA).")
        var key: String?

        @Option(help: "EUM certificate.")
        var eum: String?

        @Option(help: "CI certificate (repeatable; the first one the eUICC chain leads to is its signing CI).")
        var ci: [String] = []

        @Option(help: "SGP.22 versions the card supports: LOW-HIGH (e.g. 2.2.2-3.1.0) or one version. Default 2.2.2.")
        var svnRange: String?

        @Option(help: "Features the card offers, comma-separated (profileDownload, rpm, deviceChange). Default: the highest version's.")
        var features: String?

        /// The range and features for the state file; nil when neither option was given (no state file is
        /// written, as before: the card is a 2.2.2 card).
        func versioning() throws -> (VersionRange, RSPFeatures)? {
            guard svnRange != nil || features != nil else { return nil }
            let range = try svnRange.map { try VersionRange(parsing: $0) } ?? .openRSPDefault
            let offered = try features.map { try RSPFeatures(parsing: $0) } ?? range.highest.features
            let beyond = offered.subtracting(range.highest.features)
            guard beyond.isEmpty else {
                throw ValidationError("SGP.22 \(range.highest) does not define \(beyond); give a range up to 3.x for it")
            }
            return (range, offered)
        }

        func run() throws {
            let versions = try versioning()
            let identity: EUICCIdentity
            if let pki {
                identity = try EUICCIdentity.load(pkiDirectory: URL(fileURLWithPath: pki))
            } else {
                guard let certificate, let key, let eum, !ci.isEmpty else {
                    throw ValidationError("give --pki DIR, or --certificate, --key, --eum and --ci")
                }
                identity = try EUICCIdentity.load(
                    eid: try eid.map { try EID(digits: $0) }, euiccCertificate: URL(fileURLWithPath: certificate),
                    euiccPrivateKey: URL(fileURLWithPath: key), eumCertificate: URL(fileURLWithPath: eum),
                    ciCertificates: ci.map(URL.init(fileURLWithPath:)))
            }
            let directory = URL(fileURLWithPath: dir)
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(RSPPKIDirectory.keyFileName(.euicc)).path) {
                throw ValidationError("\(dir) already holds an eUICC")
            }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try RSPPKIDirectory.write(identity.euicc, role: .euicc, to: directory)
            try Self.writeCertificate(identity.eumCertificate, role: .eum, to: directory)
            try Self.writeCertificate(identity.signingCI, role: .ci, to: directory)
            if let versions {
                try EUICCStateFile(url: directory.appendingPathComponent(EUICCStateFile.defaultFileName))
                    .save(EUICCState(supportedVersions: versions.0, features: versions.1))
            }
            print("software eUICC created in \(directory.path)")
            print("  EID \(identity.eid)")
            let (range, offered) = versions ?? (.openRSPDefault, VersionRange.openRSPDefault.highest.features)
            print("  SGP.22 \(range) (\(offered))")
        }

        /// A certificate without its key, with the PKI directory's names (DER and PEM).
        static func writeCertificate(_ certificate: Certificate, role: CertificateRole, to directory: URL) throws {
            let der = try certificate.derBytes()
            try Data(der).write(to: directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(role)), options: .atomic)
            let pem = try certificate.serializeAsPEM().pemString + "\n"
            try Data(pem.utf8).write(
                to: directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(role, pem: true)), options: .atomic)
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the eUICC as a card: --listen for our LPA (tcp://HOST:PORT), --connect to a vpcd reader.",
            discussion: "pcscd with vsmartcard's vpcd driver listens on 35963: `--connect 127.0.0.1:35963` makes the eUICC a PC/SC card."
        )

        @Option(help: "Directory of the eUICC (see `euicc init`).")
        var dir: String

        @Option(help: "HOST:PORT to listen on for readers.")
        var listen: String?

        @Option(help: "HOST:PORT of a vpcd reader to dial.")
        var connect: String?

        func run() async throws {
            let logger = Logger(label: "openrsp.euicc")
            let card = try SoftwareEUICC.open(directory: URL(fileURLWithPath: dir))
            let service: any Service
            switch (listen, connect) {
            case (let listen?, nil):
                let (host, port) = try HostPort.parse(listen)
                service = VPCDCardServer(card: card, host: host, port: port, logger: logger)
                print("eUICC \(card.isdr.identity.eid) listening on tcp://\(host):\(port)")
            case (nil, let connect?):
                let (host, port) = try HostPort.parse(connect)
                service = VPCDCardClient(card: card, host: host, port: port, logger: logger)
                print("eUICC \(card.isdr.identity.eid) connecting to the vpcd reader at \(host):\(port)")
            default:
                throw ValidationError("give exactly one of --listen HOST:PORT or --connect HOST:PORT")
            }
            fflush(nil)  // the announcement must show even when output goes to a file, before the server blocks
        let group = ServiceGroup(
                configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}

enum HostPort {
    static func parse(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
            colon > text.startIndex
        else {
            throw ValidationError("expected HOST:PORT, got \(text)")
        }
        return (String(text[..<colon]), port)
    }
}
