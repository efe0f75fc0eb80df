import EUICC
import Foundation
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

@Suite("openrsp euicc init")
struct EUICCCommandTests {
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-euicc-\(UUID().uuidString)")
    }

    @Test("imports an identity given as files (the recorded session's SGP.26-style PKI) and opens as a card with that EID")
    func importFromFiles() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = Vectors.session.appendingPathComponent("pki")
        var command = try EUICCCommand.Init.parse([
            "--dir", dir.path, "--eid", "89049032123451234512345678901235",
            "--certificate", pki.appendingPathComponent("CERT_EUICC_ECDSA_NIST.der").path,
            "--key", pki.appendingPathComponent("SK_EUICC_ECDSA_NIST.pem").path,
            "--eum", pki.appendingPathComponent("CERT_EUM_ECDSA_NIST.der").path,
            "--ci", pki.appendingPathComponent("CERT_CI_ECDSA_NIST.pem").path,
        ])
        try command.run()
        let card = try SoftwareEUICC.open(directory: dir)
        #expect(card.isdr.identity.eid.digits == "89049032123451234512345678901235")
        #expect(try await card.reset() == SoftwareEUICC.answerToReset)
    }

    @Test("refuses an EID that is not the certificate's, and a directory that already holds an eUICC")
    func refusals() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pki = Vectors.session.appendingPathComponent("pki")
        let files = [
            "--certificate", pki.appendingPathComponent("CERT_EUICC_ECDSA_NIST.der").path,
            "--key", pki.appendingPathComponent("SK_EUICC_ECDSA_NIST.pem").path,
            "--eum", pki.appendingPathComponent("CERT_EUM_ECDSA_NIST.der").path,
            "--ci", pki.appendingPathComponent("CERT_CI_ECDSA_NIST.pem").path,
        ]
        var wrongEID = try EUICCCommand.Init.parse(["--dir", dir.path, "--eid", "89049032000000000000000000000066"] + files)
        #expect(throws: (any Error).self) { try wrongEID.run() }
        var first = try EUICCCommand.Init.parse(["--dir", dir.path] + files)
        try first.run()
        var second = try EUICCCommand.Init.parse(["--dir", dir.path] + files)
        #expect(throws: (any Error).self) { try second.run() }
    }
}
