import Foundation
import RSPCrypto
import Testing
import X509

@testable import OpenRSPCLI

/// The ES2+ listener reads DATA/operators for every new connection; a certificate file that did
/// not change is not parsed again, and every change is seen on the next read.
@Suite("Operator trust files")
struct OperatorTrustFilesTests {
    /// A data directory of its own, removed afterwards.
    static func withDataDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-trust-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    static func write(_ name: String, _ certificate: Certificate, ca: Certificate? = nil, in data: URL) throws {
        try OperatorFiles.write(
            certificate: certificate, ca: ca,
            to: data.appendingPathComponent(OperatorFiles.directoryName).appendingPathComponent(name))
    }

    @Test("operators in name order, each certificate before its CA; unchanged files are parsed once")
    func unchangedFilesParsedOnce() throws {
        let pki = try RSPPKI.generate()
        let a = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-A", issuer: pki.ci).certificate
        let b = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-B", issuer: pki.ci).certificate
        try Self.withDataDirectory { data in
            try Self.write("OP-B", b, in: data)
            try Self.write("OP-A", a, ca: pki.ci.certificate, in: data)
            let trust = OperatorTrustFiles(dataDirectory: data)
            #expect(try trust.certificates() == [a, pki.ci.certificate, b])
            #expect(trust.parses == 3)
            for _ in 0..<5 { #expect(try trust.certificates() == [a, pki.ci.certificate, b]) }
            #expect(trust.parses == 3)
        }
    }

    @Test("a certificate rewritten, an operator added and one removed are all seen on the next read")
    func changesSeenNextRead() throws {
        let pki = try RSPPKI.generate()
        let a = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-A", issuer: pki.ci).certificate
        let renewed = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-A", issuer: pki.ci).certificate
        let c = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OP-C", issuer: pki.ci).certificate
        try Self.withDataDirectory { data in
            try Self.write("OP-A", a, in: data)
            let trust = OperatorTrustFiles(dataDirectory: data)
            #expect(try trust.certificates() == [a])
            try Self.write("OP-A", renewed, in: data)
            #expect(try trust.certificates() == [renewed])
            try Self.write("OP-C", c, in: data)
            #expect(try trust.certificates() == [renewed, c])
            #expect(trust.parses == 3)
            try FileManager.default.removeItem(
                at: data.appendingPathComponent(OperatorFiles.directoryName).appendingPathComponent("OP-A"))
            #expect(try trust.certificates() == [c])
            #expect(trust.parses == 3)
        }
    }

    @Test("an unreadable certificate file fails the read (the listener then keeps its last good list)")
    func unreadableFileFails() throws {
        try Self.withDataDirectory { data in
            let directory = data.appendingPathComponent(OperatorFiles.directoryName).appendingPathComponent("OP-X")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("not a certificate".utf8).write(to: directory.appendingPathComponent(OperatorFiles.certificateName))
            #expect(throws: (any Error).self) { try OperatorTrustFiles(dataDirectory: data).certificates() }
        }
    }
}
