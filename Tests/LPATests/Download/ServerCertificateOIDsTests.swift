import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

@testable import LPA

@Suite("subjectAltName registeredIDs of a server certificate")
struct ServerCertificateOIDsTests {
    static func certificate(_ name: String) throws -> CertificateDER {
        try CertificateDER(derBytes: Vectors.bytes("pki/\(name).der"))
    }

    @Test("each certificate gives its own OIDs, however the calls alternate (the remembered one never leaks)")
    func alternating() throws {
        let dpAuth = try Self.certificate("CERT_S_SM_DPauth_ECDSA_NIST")
        let ci = try Self.certificate("CERT_CI_ECDSA_NIST")
        let dpAuthOID = try ASN1ObjectIdentifier(dotRepresentation: "2.999.10")
        let ciOID = try ASN1ObjectIdentifier(dotRepresentation: "2.999.1")
        for _ in 0..<3 {
            #expect(try ServerCertificateOIDs.registeredIDs(of: dpAuth) == [dpAuthOID])
            #expect(try ServerCertificateOIDs.registeredIDs(of: dpAuth) == [dpAuthOID])
            #expect(try ServerCertificateOIDs.registeredIDs(of: ci) == [ciOID])
        }
    }

    @Test("a SEQUENCE that is not a certificate still fails to parse after a good one was read")
    func notACertificate() throws {
        _ = try ServerCertificateOIDs.registeredIDs(of: Self.certificate("CERT_S_SM_DPauth_ECDSA_NIST"))
        let bogus = try CertificateDER(derBytes: [0x30, 0x03, 0x02, 0x01, 0x01])
        #expect(throws: (any Error).self) { try ServerCertificateOIDs.registeredIDs(of: bogus) }
    }
}
