import ArgumentParser
import Foundation
import RSPCore
import RSPCrypto

struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create or inspect an SGP.22 certificate hierarchy.",
        subcommands: [Init.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a private SGP.22 test PKI (CI, EUM, eUICC, SM-DP+ and SM-DS certificates and keys).",
            discussion: "File names follow GSMA SGP.26 (CERT_CI_ECDSA_NIST.der, SK_CI_ECDSA_NIST.pem, …); see README."
        )

        @Option(help: "Directory to write into (created if missing).")
        var dir: String

        @Option(help: "Host name of the SM-DP+ (goes into the DPtls certificate).")
        var smdpHost = "localhost"

        @Option(help: "Host name of the SM-DS (goes into the DStls certificate).")
        var smdsHost = "localhost"

        @Option(help: "EID prefix the EUM may issue under (its name constraint).")
        var eidPrefix = "89049032"

        @Option(help: "EID of the eUICC identity (32 digits with valid check digits); random under the prefix if absent.")
        var eid: String?

        @Flag(help: "Replace certificates already in the directory.")
        var force = false

        func run() throws {
            let directory = URL(fileURLWithPath: dir)
            let ciFile = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(.ci))
            if FileManager.default.fileExists(atPath: ciFile.path), !force {
                throw ValidationError("\(dir) already holds a PKI; pass --force to replace it")
            }
            let fixedEID = try eid.map { try EID(digits: $0) }
            if let fixedEID, !fixedEID.hasPrefix(eidPrefix) {
                throw ValidationError("EID \(fixedEID) is outside the EUM range \(eidPrefix)")
            }
            let pki = try RSPPKI.generate(.init(smdpHost: smdpHost, smdsHost: smdsHost, eidPrefix: eidPrefix, eid: fixedEID))
            try pki.validate()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try RSPPKIDirectory.write(pki, to: directory)
            print("SGP.22 test PKI written to \(directory.path)")
            for role in CertificateRole.allCases {
                print("  \(RSPPKIDirectory.certificateFileName(role))  \(pki[role].certificate.subject)")
            }
        }
    }
}
