import Crypto
import Foundation
import RSPCore
import SwiftASN1
import Testing
import X509

@testable import RSPCrypto

@Suite("SGP.22 private test PKI")
struct RSPPKITests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-pki-\(UUID().uuidString)")
    }

    @Test("every generated certificate validates for its role")
    func generatedPKIValidates() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "smdp.example.org", eidPrefix: "89049032"))
        try pki.validate()
        for role in CertificateRole.allCases {
            #expect(try pki[role].certificate.rspRoles() == [role])
            #expect(try pki[role].certificate.subjectKeyIdentifierBytes() != nil)
            if role != .ci {
                #expect(try pki[role].certificate.authorityKeyIdentifierBytes() != nil)
            }
        }
        let chain = try RSPChainValidator.validate(
            leaf: pki.euicc.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate],
            role: .euicc
        )
        let eid = try #require(chain.eid)
        #expect(eid.hasPrefix("89049032"))
        #expect(EID.isValid(eid.digits))
        #expect(pki.euicc.certificate.notValidAfter == RSPCertificateIssuer.noExpiry)
        let san = try #require(try pki.dpTLS.certificate.extensions.subjectAlternativeNames)
        #expect(san.contains(.dnsName("smdp.example.org")))
        #expect(san.contains(.dnsName("localhost")))
        #expect(san.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(san.contains(.registeredID(RSPOIDs.testSMDPRegisteredID)))
    }

    @Test("a given EID is used for the eUICC certificate")
    func explicitEID() throws {
        let eid = try EID(digits: "89049032123451234512345678901235")
        let pki = try RSPPKI.generate(RSPPKI.Parameters(eid: eid))
        #expect(pki.euicc.certificate.subjectAttributes(RSPOIDs.serialNumberAttribute) == [eid.digits])
        #expect(pki.euicc.certificate.subjectAttributes(.RDNAttributeType.organizationName) == ["OpenRSP Test EUM"])
        try pki.validate()
    }

    @Test("a generated PKI is not valid after the server certificates expire")
    func generatedExpiry() throws {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let pki = try RSPPKI.generate(RSPPKI.Parameters(notBefore: start, serverValidity: 86_400))
        try pki.validate(at: start.addingTimeInterval(3600))
        #expect(throws: RSPCertificateError.self) { try pki.validate(at: start.addingTimeInterval(2 * 86_400)) }
    }

    @Test("a PKI written to a directory loads back identical, keys with mode 0600")
    func writeLoadRoundTrip() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try RSPPKI.generate()
        try RSPPKIDirectory.write(pki, to: directory)

        let names = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        for stem in [
            "CI_ECDSA_NIST", "EUM_ECDSA_NIST", "EUICC_ECDSA_NIST", "S_SM_DPauth_ECDSA_NIST", "S_SM_DPpb_ECDSA_NIST",
            "S_SM_DP_TLS_NIST", "S_SM_DSauth_ECDSA_NIST", "S_SM_DS_TLS_NIST",
        ] {
            #expect(names.contains("CERT_\(stem).der"))
            #expect(names.contains("CERT_\(stem).pem"))
            #expect(names.contains("SK_\(stem).pem"))
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("SK_\(stem).pem").path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        #expect(names.count == 24)  // no temporary files left behind

        let key = try String(contentsOf: directory.appendingPathComponent("SK_CI_ECDSA_NIST.pem"), encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let loaded = try RSPPKIDirectory.load(from: directory)
        #expect(loaded == pki)
        try loaded.validate()

        // Writing again replaces the files in place.
        let other = try RSPPKI.generate()
        try RSPPKIDirectory.write(other, to: directory)
        #expect(try RSPPKIDirectory.load(from: directory) == other)
    }

    @Test("SGP.26-style files are imported: DER certificate, SEC1 PEM key; PEM certificates also accepted")
    func importSEC1() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(RecordedSessionPKI.der(RecordedSessionPKI.euiccBase64))
            .write(to: directory.appendingPathComponent("CERT_EUICC_ECDSA_NIST.der"))
        try RecordedSessionPKI.euiccKeyPEM.write(
            to: directory.appendingPathComponent("SK_EUICC_ECDSA_NIST.pem"), atomically: true, encoding: .utf8
        )
        let ciPEM = try RecordedSessionPKI.ci.serializeAsPEM().pemString
        try ciPEM.write(to: directory.appendingPathComponent("CERT_CI_ECDSA_NIST.pem"), atomically: true, encoding: .utf8)

        let euicc = try #require(try RSPPKIDirectory.loadIdentity(.euicc, from: directory))
        #expect(euicc.certificate == (try RecordedSessionPKI.euicc))
        #expect(try RSPPKIDirectory.loadCertificate(.ci, from: directory) == (try RecordedSessionPKI.ci))
        #expect(try RSPPKIDirectory.loadIdentity(.dpAuth, from: directory) == nil)
        // The CI has a certificate but no key: loading it as an identity fails, and so does a full PKI.
        #expect(throws: RSPCertificateError.self) { try RSPPKIDirectory.loadAvailable(from: directory) }
        #expect(throws: RSPCertificateError.self) { try RSPPKIDirectory.load(from: directory) }

        // A DER PKCS#8 key is accepted too.
        let derKey = directory.appendingPathComponent("key.der")
        try euicc.privateKey.derRepresentation.write(to: derKey)
        #expect(try RSPPKIDirectory.loadPrivateKey(derKey).rawRepresentation == euicc.privateKey.rawRepresentation)
    }

    @Test("a key that does not belong to the certificate is rejected")
    func keyMismatch() throws {
        let key = try P256.Signing.PrivateKey(pemRepresentation: RecordedSessionPKI.euiccKeyPEM)
        let dpAuth = try RecordedSessionPKI.dpAuth
        #expect(throws: RSPCertificateError.keyMismatch(subject: dpAuth.subject.description)) {
            try RSPIdentity(certificate: dpAuth, privateKey: key)
        }
        #expect(try RSPIdentity(certificate: RecordedSessionPKI.euicc, privateKey: key).certificate == (try RecordedSessionPKI.euicc))
    }

    @Test("an identity carries its certificate's DER, encoded once, equal to a fresh encoding")
    func certificateDER() throws {
        let key = try P256.Signing.PrivateKey(pemRepresentation: RecordedSessionPKI.euiccKeyPEM)
        let identity = try RSPIdentity(certificate: RecordedSessionPKI.euicc, privateKey: key)
        #expect(identity.certificateDER.derBytes == (try RecordedSessionPKI.euicc.derBytes()))
        #expect(try Certificate(derEncoded: identity.certificateDER.derBytes) == identity.certificate)
    }

    @Test("a malformed key or certificate file is a typed error")
    func malformedFiles() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let junk = directory.appendingPathComponent("junk")
        try Data([0x30, 0x03, 0x02]).write(to: junk)
        #expect(throws: RSPCertificateError.self) { try RSPPKIDirectory.loadCertificate(junk) }
        #expect(throws: RSPCertificateError.self) { try RSPPKIDirectory.loadPrivateKey(junk) }
        #expect(throws: RSPCertificateError.self) { try RSPPKIDirectory.loadCertificate(directory.appendingPathComponent("absent")) }
    }

    // MARK: OpenSSL cross-check

    static let openssl = "/usr/bin/openssl"

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "openssl verifies the generated CI-issued certificates and shows the SGP.22 extensions",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"))
    )
    func opensslVerify() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try RSPPKIDirectory.write(try RSPPKI.generate(), to: directory)
        let ca = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(.ci, pem: true)).path
        for role in [CertificateRole.eum, .dpAuth, .dpPb, .dpTLS, .dsAuth, .dsTLS] {
            let certificate = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(role, pem: true)).path
            let result = try Self.run(["verify", "-CAfile", ca, certificate])
            #expect(result.status == 0, "\(role): \(result.output)")
        }
        let eum = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(.eum)).path
        let text = try Self.run(["x509", "-inform", "der", "-noout", "-text", "-in", eum])
        #expect(text.status == 0)
        #expect(text.output.contains("2.23.146.1.2.1"))
        #expect(text.output.contains("Permitted"))
        #expect(text.output.contains("serialNumber"))
        let tls = directory.appendingPathComponent(RSPPKIDirectory.certificateFileName(.dpTLS)).path
        let tlsText = try Self.run(["x509", "-inform", "der", "-noout", "-text", "-in", tls])
        #expect(tlsText.output.contains("DNS:localhost"))
        #expect(tlsText.output.contains("IP Address:127.0.0.1"))
        #expect(tlsText.output.contains("TLS Web Server Authentication"))
        // openssl reads the PKCS#8 key files and matches them to the certificates.
        let key = directory.appendingPathComponent(RSPPKIDirectory.keyFileName(.dpTLS)).path
        let keyCheck = try Self.run(["pkey", "-in", key, "-pubout"])
        let certKey = try Self.run(["x509", "-inform", "der", "-in", tls, "-noout", "-pubkey"])
        #expect(keyCheck.status == 0)
        #expect(keyCheck.output == certKey.output)
    }
}
