import Foundation
import RSPCore
import RSPCrypto
import Testing

@testable import OpenRSPCLI

@Suite("openrsp pki init")
struct PKICommandTests {
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-pki-\(UUID().uuidString)")
    }

    func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("writes a PKI that openssl verifies, with the SGP.22 policies and the EUM's EID-prefix constraint")
    func initWritesVerifiablePKI() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let eid = "89049032123451234512345678901235"
        var command = try PKICommand.Init.parse(["--dir", dir.path, "--smdp-host", "smdp.test", "--eid", eid])
        try command.run()

        let ci = dir.appendingPathComponent("CERT_CI_ECDSA_NIST.pem").path
        for name in ["EUM_ECDSA_NIST", "S_SM_DPauth_ECDSA_NIST", "S_SM_DPpb_ECDSA_NIST", "S_SM_DP_TLS_NIST",
                     "S_SM_DSauth_ECDSA_NIST", "S_SM_DS_TLS_NIST"] {
            let result = try openssl(["verify", "-CAfile", ci, dir.appendingPathComponent("CERT_\(name).pem").path])
            #expect(result.status == 0, "\(name): \(result.output)")
        }
        let eumText = try openssl(["x509", "-noout", "-text", "-in", dir.appendingPathComponent("CERT_EUM_ECDSA_NIST.pem").path])
        #expect(eumText.output.contains("2.23.146.1.2.1.2"))
        #expect(eumText.output.contains("Permitted"))
        #expect(eumText.output.contains("serialNumber = 89049032"))

        // The eUICC chain follows the SGP.22 EID rule, which openssl cannot check: use our validator.
        let pki = try RSPPKIDirectory.load(from: dir)
        let chain = try RSPChainValidator.validate(
            leaf: pki.euicc.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate], role: .euicc)
        #expect(chain.eid?.digits == eid)
    }

    @Test("refuses an EID outside the prefix, an invalid EID, and overwriting without --force")
    func refusals() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outside = try PKICommand.Init.parse(["--dir", dir.path, "--eid-prefix", "8904", "--eid", "89033023426200000000000002384094"])
        #expect(throws: (any Error).self) { try outside.run() }
        var invalid = try PKICommand.Init.parse(["--dir", dir.path, "--eid", "89049032123451234512345678901234"])
        #expect(throws: (any Error).self) { try invalid.run() }
        var first = try PKICommand.Init.parse(["--dir", dir.path])
        try first.run()
        var second = try PKICommand.Init.parse(["--dir", dir.path])
        #expect(throws: (any Error).self) { try second.run() }
        var forced = try PKICommand.Init.parse(["--dir", dir.path, "--force"])
        try forced.run()
    }
}
