import Crypto
import Foundation
import RSPCrypto
import Testing

@testable import OpenRSPCLI

/// An operator's files as `operator add` writes them: its certificate, and its private key
/// readable by its owner alone.
@Suite("Operator files")
struct OperatorFilesTests {
    @Test("the key is written with mode 0600 and reads back; a key that cannot be written is an error")
    func keyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-operator-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try RSPPKI.generate()
        let identity = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-A", issuer: pki.ci)
        try OperatorFiles.write(identity, to: directory)
        let keyPath = directory.appendingPathComponent(OperatorFiles.keyName).path
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let pem = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(try P256.Signing.PrivateKey(pemRepresentation: pem).publicKey.rawRepresentation
                == identity.privateKey.publicKey.rawRepresentation)

        // Something else is where the key goes: the write fails instead of leaving no key behind.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent(OperatorFiles.keyName), withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try OperatorFiles.write(identity, to: blocked) }
    }
}
