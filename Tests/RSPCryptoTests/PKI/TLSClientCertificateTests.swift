import Crypto
import Foundation
import Testing
import X509

@testable import RSPCrypto

@Suite("TLS client certificates for operators")
struct TLSClientCertificateTests {
    @Test("an operator client certificate is signed by the CI, for digitalSignature and clientAuth only")
    func issued() throws {
        let pki = try RSPPKI.generate()
        let client = try RSPCertificateIssuer.issueTLSClientCertificate(
            commonName: "OPERATOR-TEST-1", organization: "Test Operator", issuer: pki.ci)
        let certificate = client.certificate
        #expect(certificate.issuer == pki.ci.certificate.subject)
        #expect(pki.ci.certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(certificate.subjectAttributes(.RDNAttributeType.commonName) == ["OPERATOR-TEST-1"])
        #expect(certificate.subjectAttributes(.RDNAttributeType.organizationName) == ["Test Operator"])
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(certificate.extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
        #expect(try certificate.extensions.extendedKeyUsage == ExtendedKeyUsage([.clientAuth]))
        #expect(try certificate.authorityKeyIdentifierBytes() == pki.ci.certificate.subjectKeyIdentifierBytes())
        #expect(try certificate.subjectKeyIdentifierBytes() != nil)
        // Not an SGP.22 role: it cannot pass as CERT.DPtls or any other role.
        #expect(try certificate.rspRoles().isEmpty)
        #expect(throws: RSPCertificateError.self) {
            try RSPChainValidator.validate(leaf: certificate, intermediates: [], trustAnchors: [pki.ci.certificate], role: .dpTLS)
        }
    }

    @Test("a client certificate needs a common name")
    func emptyName() throws {
        let pki = try RSPPKI.generate()
        #expect(throws: RSPCertificateError.self) {
            try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "", issuer: pki.ci)
        }
    }
}
