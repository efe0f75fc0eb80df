import Foundation
import RSPCore
import RSPCrypto
import SMDPPlus
import SwiftASN1
import Testing
import X509

@Suite("SM-DP+ configuration")
struct SMDPConfigurationTests {
    @Test("the SM-DP+ OID defaults to the subjectAltName registeredID of CERT.DPauth")
    func oidFromCertificate() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpRegisteredID: [1, 3, 6, 1, 4, 1, 99999, 7]))
        #expect(try pki.dpAuth.certificate.subjectAltNameRegisteredIDs() == [[1, 3, 6, 1, 4, 1, 99999, 7]])
        let configuration = try SMDPConfiguration(
            address: "smdp.example.com", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        #expect(configuration.smdpOID == [1, 3, 6, 1, 4, 1, 99999, 7])
        #expect(configuration.sessionLifetime == 600)
        #expect(configuration.confirmationCodeAttempts == 3)
        #expect(configuration.bppSegmentSize == BSPConstants.maxPlaintextPerSegment)
        #expect(configuration.random(16).count == 16)
    }

    @Test("a DPauth certificate without registeredID needs an explicit OID")
    func missingOID() throws {
        let pki = try RSPPKI.generate()
        let dpAuth = try RSPCertificateIssuer.issueServer(
            role: .dpAuth, subject: try RSPCertificateIssuer.name(commonName: "no oid"), registeredID: nil,
            issuer: pki.ci, notBefore: Date(timeIntervalSinceNow: -60), notAfter: Date(timeIntervalSinceNow: 86_400))
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(address: "smdp.example.com", dpAuth: dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        }
        let explicit = try SMDPConfiguration(
            address: "smdp.example.com", dpAuth: dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate], smdpOID: [2, 999, 42])
        #expect(explicit.smdpOID == [2, 999, 42])
    }

    @Test("unusable settings are refused", arguments: [0, 17])
    func invalidHostId(length: Int) throws {
        let pki = try RSPPKI.generate()
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(
                address: "smdp.example.com", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                hostId: Array(repeating: 0x41, count: length))
        }
    }

    @Test("an empty address, no trusted CI or a zero segment size are refused")
    func otherInvalidSettings() throws {
        let pki = try RSPPKI.generate()
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(address: "", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        }
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(address: "a.example", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [])
        }
        #expect(throws: SMDPConfigurationError.self) {
            _ = try SMDPConfiguration(
                address: "a.example", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate], bppSegmentSize: 0)
        }
    }
}
