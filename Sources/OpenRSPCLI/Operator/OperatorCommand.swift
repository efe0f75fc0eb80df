import ArgumentParser
import Crypto
import Foundation
import Logging
import RSPCrypto
import RSPStore
import SMDPPlus
import X509

struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Operators (profile owners) allowed to call ES2+ over mutual TLS.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an operator and its TLS client certificate (issued from the PKI unless --certificate is given).",
            discussion: """
                The operator may order, confirm, cancel and release only profiles whose profile owner (MCC-MNC, \
                `profiles import --owner`) is one of its --po-id, and, with --profile-type, only those types. \
                Its ES2+ calls must name NAME as functionRequesterIdentifier. A running `serve` trusts a \
                certificate given with --certificate (and its --certificate-ca) from the operator's next connection.
                """)

        @OptionGroup var dataOptions: DataOptions

        @Argument(help: "Operator name (its functionRequesterIdentifier).")
        var name: String

        @Option(name: .customLong("po-id"), help: "Profile-owner identifier (MCC-MNC, e.g. 001-01); repeatable.")
        var poIds: [String] = []

        @Option(name: .customLong("profile-type"), help: "Allowed profile type; repeatable (default: any).")
        var profileTypes: [String] = []

        @Option(help: "HTTPS URL receiving HandleDownloadProgressInfo callbacks.")
        var callbackURL: String?

        @Option(help: "Register this certificate (PEM or DER) instead of issuing one.")
        var certificate: String?

        @Option(help: "With --certificate: the CA (PEM or DER) that issued it, for the ES2+ listener to trust.")
        var certificateCA: String?

        @Option(help: "Where an issued certificate and key are written (default: DATA/operators/NAME).")
        var out: String?

        func validate() throws {
            guard !name.isEmpty, !name.contains("/") else { throw ValidationError("the operator name must be non-empty, without '/'") }
            guard !poIds.isEmpty else { throw ValidationError("give at least one --po-id") }
            if let callbackURL, !(callbackURL.hasPrefix("https://") || callbackURL.hasPrefix("http://")) {
                throw ValidationError("--callback-url must be an http(s) URL")
            }
        }

        func run() async throws {
            try await ServerEnvironment.using(dataOptions) { try await register(in: $0) }
        }

        func register(in environment: ServerEnvironment) async throws {
            let certificate: Certificate
            var written: URL?
            let directory = out.map(URL.init(fileURLWithPath:))
                ?? environment.dataDirectory.appendingPathComponent(OperatorFiles.directoryName).appendingPathComponent(name)
            if let path = self.certificate {
                certificate = try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: path))
                let ca = try certificateCA.map { try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: $0)) }
                try OperatorFiles.write(certificate: certificate, ca: ca, to: directory)
            } else {
                let identity = try RSPCertificateIssuer.issueTLSClientCertificate(
                    commonName: name, organization: name, issuer: environment.pki.ci)
                try OperatorFiles.write(identity, to: directory)
                certificate = identity.certificate
                written = directory
            }
            let record = try await environment.smdp.registerOperator(
                name: name, poIds: poIds, profileTypes: profileTypes, certificate: certificate, callbackURL: callbackURL)
            print("operator \(record.name): po-ids \(record.poIds.joined(separator: ",")), profile types \(record.profileTypes.isEmpty ? "any" : record.profileTypes.joined(separator: ","))")
            print("  certificate SHA-256 \(record.certificateFingerprint.map { String(format: "%02x", $0) }.joined())")
            if let written {
                print("  client certificate \(written.appendingPathComponent(OperatorFiles.certificateName).path)")
                print("  client key         \(written.appendingPathComponent(OperatorFiles.keyName).path)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered operators.")

        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            let records = try await ServerEnvironment.using(dataOptions) { try await $0.smdp.operators() }
            for record in records {
                print([
                    record.name, record.poIds.joined(separator: ","),
                    record.profileTypes.isEmpty ? "*" : record.profileTypes.joined(separator: ","),
                    record.callbackURL ?? "-",
                ].joined(separator: "\t"))
            }
        }
    }
}

/// The files of an operator under DATA/operators/NAME: its certificate (PEM), the CA that issued
/// it when the operator brought its own, and — for an issued identity — the key (PKCS#8 PEM, 0600).
enum OperatorFiles {
    static let directoryName = "operators"
    static let certificateName = "operator.pem"
    static let caName = "operator-ca.pem"
    static let keyName = "operator.key"

    static func write(certificate: Certificate, ca: Certificate?, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pem = try certificate.serializeAsPEM().pemString + "\n"
        try Data(pem.utf8).write(to: directory.appendingPathComponent(certificateName), options: .atomic)
        if let ca {
            let caPEM = try ca.serializeAsPEM().pemString + "\n"
            try Data(caPEM.utf8).write(to: directory.appendingPathComponent(caName), options: .atomic)
        }
    }

    /// Where each operator's certificate and CA would be under DATA/operators, operators in name
    /// order: the ES2+ listener's client trust (`OperatorTrustFiles`) is the files that exist.
    static func trustFilePaths(in dataDirectory: URL) -> [String] {
        let root = dataDirectory.appendingPathComponent(directoryName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().flatMap { name in
            [certificateName, caName].map { root.appendingPathComponent(name).appendingPathComponent($0).path }
        }
    }

    static func write(_ identity: RSPIdentity, to directory: URL) throws {
        try write(certificate: identity.certificate, ca: nil, to: directory)
        let keyURL = directory.appendingPathComponent(keyName)
        // Created with its mode, never readable by others even for a moment; a key that could not
        // be written is an error, not an operator left without one.
        guard FileManager.default.createFile(
            atPath: keyURL.path, contents: Data((identity.privateKey.pemRepresentation + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyURL.path]) }
    }
}
