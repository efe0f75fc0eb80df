import Crypto
import Foundation
import RSPCore
import SwiftASN1
import Testing
import X509

@testable import RSPCrypto

@Suite("SGP.22 certificate chain validation")
struct RSPChainValidatorTests {
    typealias PKI = RecordedSessionPKI

    static let recordedCIPKId = "304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26"

    // MARK: The recorded session

    @Test("the recorded session's eUICC chain validates: eUICC by EUM by CI, EID inside the EUM range")
    func recordedEUICCChain() throws {
        let chain = try RSPChainValidator.validate(
            leaf: try PKI.euicc, intermediates: [try PKI.eum], trustAnchors: [try PKI.ci], role: .euicc,
            at: PKI.sessionDate
        )
        #expect(chain.eid?.digits == "89049032123451234512345678901235")
        #expect(chain.path.count == 3)
        #expect(chain.path[1] == (try PKI.eum))
        #expect(chain.ci == (try PKI.ci))
        #expect(chain.ciPKId.hexString == Self.recordedCIPKId)
    }

    @Test("the recorded EUM is a CA issued by the CI and permits EIDs starting with 89049032")
    func recordedEUM() throws {
        let chain = try RSPChainValidator.validate(
            leaf: try PKI.eum, trustAnchors: [try PKI.ci], role: .eum, at: PKI.sessionDate
        )
        #expect(chain.path.count == 2)
        #expect(
            try RSPChainValidator.eumPermittedSubtrees(of: PKI.eum)
                == [EUMPermittedSubtree(organization: "RSP Test EUM", eidPrefix: "89049032")]
        )
        #expect(try PKI.eum.rspRoles() == [.eum])
    }

    @Test("the recorded DPauth and DPpb certificates validate against the recorded CI")
    func recordedSMDPCertificates() throws {
        for (certificate, role) in [(try PKI.dpAuth, CertificateRole.dpAuth), (try PKI.dpPb, .dpPb)] {
            let chain = try RSPChainValidator.validate(
                leaf: certificate, trustAnchors: [try PKI.ci], role: role, at: PKI.sessionDate
            )
            #expect(chain.path == [certificate, try PKI.ci])
            #expect(chain.eid == nil)
            #expect(chain.ciPKId.hexString == Self.recordedCIPKId)
        }
        #expect(try RSPChainValidator.validate(leaf: PKI.ci, trustAnchors: [PKI.ci], role: .ci, at: PKI.sessionDate).path.count == 1)
    }

    @Test("the CI a chain leads to is found by its SubjectKeyIdentifier")
    func ciPKIdLookup() throws {
        let id = try #require(RSPChainValidator.ciPKId(leadingTo: try PKI.euicc, intermediates: [try PKI.eum]))
        #expect(id.hexString == Self.recordedCIPKId)
        #expect(RSPChainValidator.ciPKId(leadingTo: try PKI.dpAuth)?.hexString == Self.recordedCIPKId)
        let other = try RSPPKI.generate()
        let anchor = RSPChainValidator.trustAnchor(withPKId: id, among: [other.ci.certificate, try PKI.ci])
        #expect(anchor == (try PKI.ci))
        #expect(RSPChainValidator.trustAnchor(withPKId: id, among: [other.ci.certificate]) == nil)
    }

    @Test("the recorded certificates re-encode byte for byte")
    func reencoding() throws {
        for base64 in [PKI.ciBase64, PKI.eumBase64, PKI.euiccBase64, PKI.dpAuthBase64, PKI.dpPbBase64] {
            #expect(try PKI.certificate(base64).derBytes() == PKI.der(base64))
        }
    }

    // MARK: Failures

    @Test("a flipped bit in the certificate signature is rejected")
    func flippedSignatureBit() throws {
        var der = PKI.der(PKI.dpAuthBase64)
        der[der.count - 1] ^= 0x01
        let tampered = try Certificate(derEncoded: der)
        #expect(throws: RSPCertificateError.signatureInvalid(subject: tampered.subject.description)) {
            try RSPChainValidator.validate(leaf: tampered, trustAnchors: [PKI.ci], role: .dpAuth, at: PKI.sessionDate)
        }
        var eumDER = PKI.der(PKI.eumBase64)
        eumDER[eumDER.count - 3] ^= 0x40
        let tamperedEUM = try Certificate(derEncoded: eumDER)
        #expect(throws: RSPCertificateError.signatureInvalid(subject: tamperedEUM.subject.description)) {
            try RSPChainValidator.validate(
                leaf: PKI.euicc, intermediates: [tamperedEUM], trustAnchors: [PKI.ci], role: .euicc, at: PKI.sessionDate
            )
        }
    }

    @Test("a certificate from another CI is rejected as issuer unknown")
    func foreignCI() throws {
        let foreign = try RSPPKI.generate()
        let error = #expect(throws: RSPCertificateError.self) {
            try RSPChainValidator.validate(leaf: foreign.dpAuth.certificate, trustAnchors: [PKI.ci], role: .dpAuth)
        }
        guard case .issuerUnknown = error else {
            Issue.record("expected issuerUnknown, got \(String(describing: error))")
            return
        }
        // A foreign CI that copies the trusted CI's name is still unknown (its key identifier differs).
        let impostor = try RSPCertificateIssuer.issueCI(
            subject: try PKI.ci.subject, notBefore: Date(timeIntervalSince1970: 1_500_000_000),
            notAfter: Date(timeIntervalSince1970: 2_500_000_000)
        )
        let dp = try RSPCertificateIssuer.issueServer(
            role: .dpAuth, subject: try PKI.dpAuth.subject, registeredID: RSPOIDs.testSMDPRegisteredID,
            issuer: impostor, notBefore: Date(timeIntervalSince1970: 1_500_000_000),
            notAfter: Date(timeIntervalSince1970: 2_000_000_000)
        )
        #expect(throws: RSPCertificateError.issuerUnknown(subject: dp.certificate.subject.description, issuer: try PKI.ci.subject.description)) {
            try RSPChainValidator.validate(leaf: dp.certificate, trustAnchors: [PKI.ci], role: .dpAuth, at: PKI.sessionDate)
        }
        // The eUICC chain without its EUM certificate cannot be built.
        let missing = #expect(throws: RSPCertificateError.self) {
            try RSPChainValidator.validate(leaf: PKI.euicc, trustAnchors: [PKI.ci], role: .euicc, at: PKI.sessionDate)
        }
        guard case .issuerUnknown = missing else {
            Issue.record("expected issuerUnknown, got \(String(describing: missing))")
            return
        }
    }

    @Test("an expired or not yet valid certificate is rejected")
    func validityPeriod() throws {
        let dpAuth = try PKI.dpAuth
        let afterNotAfter = dpAuth.notValidAfter.addingTimeInterval(86_400)
        #expect(throws: RSPCertificateError.expired(subject: dpAuth.subject.description, notAfter: dpAuth.notValidAfter)) {
            try RSPChainValidator.validate(leaf: dpAuth, trustAnchors: [PKI.ci], role: .dpAuth, at: afterNotAfter)
        }
        let beforeNotBefore = dpAuth.notValidBefore.addingTimeInterval(-86_400)
        #expect(throws: RSPCertificateError.notYetValid(subject: dpAuth.subject.description, notBefore: dpAuth.notValidBefore)) {
            try RSPChainValidator.validate(leaf: dpAuth, trustAnchors: [PKI.ci], role: .dpAuth, at: beforeNotBefore)
        }
        // An expired EUM fails the eUICC chain even though the eUICC certificate never expires.
        let eum = try PKI.eum
        let afterEUM = eum.notValidAfter.addingTimeInterval(86_400)
        #expect(throws: RSPCertificateError.expired(subject: eum.subject.description, notAfter: eum.notValidAfter)) {
            try RSPChainValidator.validate(leaf: PKI.euicc, intermediates: [eum], trustAnchors: [PKI.ci], role: .euicc, at: afterEUM)
        }
    }

    @Test("an eUICC certificate whose EID is outside the EUM range is rejected")
    func eidOutsideRange() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(eidPrefix: "89049032"))
        let foreignEID = try EID(prefix: "89033023", individualNumber: 7)
        let euicc = try RSPCertificateIssuer.issueEUICC(eid: foreignEID, issuer: pki.eum, notBefore: Date(timeIntervalSinceNow: -60))
        #expect(throws: RSPCertificateError.eidOutsideEUMRange(eid: foreignEID.digits, permitted: ["O=OpenRSP Test EUM,serialNumber=89049032"])) {
            try RSPChainValidator.validate(
                leaf: euicc.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate], role: .euicc
            )
        }
        // In range but with another organisation.
        let inRange = try EID(prefix: "89049032", individualNumber: 8)
        let otherOrganization = try RSPCertificateIssuer.issue(
            subject: try RSPCertificateIssuer.name(country: "ES", organization: "Someone Else", serialNumber: inRange.digits, commonName: "x"),
            key: P256.Signing.PrivateKey(), issuer: pki.eum, notBefore: Date(timeIntervalSinceNow: -60),
            notAfter: RSPCertificateIssuer.noExpiry,
            extensions: [
                try Critical(CertificateRole.euicc.keyUsage).makeCertificateExtension(),
                try Critical(CertificatePoliciesExtension(policyIdentifiers: [RSPOIDs.roleEUICC])).makeCertificateExtension(),
            ]
        )
        let error = #expect(throws: RSPCertificateError.self) {
            try RSPChainValidator.validate(
                leaf: otherOrganization.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate],
                role: .euicc
            )
        }
        guard case .eidOutsideEUMRange = error else {
            Issue.record("expected eidOutsideEUMRange, got \(String(describing: error))")
            return
        }
    }

    @Test("an eUICC certificate whose serialNumber has wrong EID check digits is rejected")
    func invalidEIDCheckDigits() throws {
        let pki = try RSPPKI.generate()
        let bad = "89049032123451234512345678901234"
        let euicc = try RSPCertificateIssuer.issue(
            subject: try RSPCertificateIssuer.name(country: "ES", organization: "OpenRSP Test EUM", serialNumber: bad, commonName: "x"),
            key: P256.Signing.PrivateKey(), issuer: pki.eum, notBefore: Date(timeIntervalSinceNow: -60),
            notAfter: RSPCertificateIssuer.noExpiry,
            extensions: [
                try Critical(CertificateRole.euicc.keyUsage).makeCertificateExtension(),
                try Critical(CertificatePoliciesExtension(policyIdentifiers: [RSPOIDs.roleEUICC])).makeCertificateExtension(),
            ]
        )
        #expect(throws: RSPCertificateError.invalidEID(subject: euicc.certificate.subject.description, value: bad)) {
            try RSPChainValidator.validate(
                leaf: euicc.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate], role: .euicc
            )
        }
    }

    @Test("a certificate presented for another role is rejected")
    func wrongRole() throws {
        let dpPb = try PKI.dpPb
        #expect(throws: RSPCertificateError.wrongRole(subject: dpPb.subject.description, expected: .dpAuth, found: [.dpPb])) {
            try RSPChainValidator.validate(leaf: dpPb, trustAnchors: [PKI.ci], role: .dpAuth, at: PKI.sessionDate)
        }
        // The DPauth certificate cannot stand in for an EUM, nor an eUICC certificate for DPauth.
        let dpAuth = try PKI.dpAuth
        #expect(throws: RSPCertificateError.wrongRole(subject: dpAuth.subject.description, expected: .eum, found: [.dpAuth])) {
            try RSPChainValidator.validate(leaf: dpAuth, trustAnchors: [PKI.ci], role: .eum, at: PKI.sessionDate)
        }
        let euicc = try PKI.euicc
        #expect(throws: RSPCertificateError.wrongRole(subject: euicc.subject.description, expected: .dpAuth, found: [.euicc])) {
            try RSPChainValidator.validate(leaf: euicc, intermediates: [PKI.eum], trustAnchors: [PKI.ci], role: .dpAuth, at: PKI.sessionDate)
        }
    }

    @Test("an eUICC certificate issued by anything but an EUM is rejected")
    func intermediateNotACA() throws {
        let pki = try RSPPKI.generate()
        // A DPauth identity (not a CA, wrong role) signs an eUICC certificate.
        let euicc = try RSPCertificateIssuer.issueEUICC(
            eid: try EID(prefix: "89049032", individualNumber: 1), issuer: pki.dpAuth,
            notBefore: Date(timeIntervalSinceNow: -60)
        )
        let error = #expect(throws: RSPCertificateError.self) {
            try RSPChainValidator.validate(
                leaf: euicc.certificate, intermediates: [pki.dpAuth.certificate], trustAnchors: [pki.ci.certificate],
                role: .euicc
            )
        }
        guard case .wrongRole(_, .eum, [.dpAuth]) = error else {
            Issue.record("expected wrongRole, got \(String(describing: error))")
            return
        }
    }

    @Test("a truncated certificate does not parse")
    func truncated() {
        let der = PKI.der(PKI.euiccBase64)
        #expect(throws: (any Error).self) { try Certificate.parse(pemOrDER: Array(der.dropLast(10))) }
        #expect(throws: (any Error).self) { try Certificate.parse(pemOrDER: Array(der.prefix(40))) }
    }

    @Test("certificatePolicies and cRLDistributionPoints decode and re-encode")
    func extensionTypes() throws {
        let ci = try PKI.ci
        let policies = try CertificatePoliciesExtension(try #require(ci.extensions[oid: RSPOIDs.certificatePolicies]))
        #expect(policies.policyIdentifiers == [RSPOIDs.roleCI])
        let encoded = try Critical(policies).makeCertificateExtension()
        #expect(Array(encoded.value).hexString == "300B3009060767811201020100")
        #expect(encoded.critical)
        let crlExtension = try #require(ci.extensions[oid: RSPOIDs.crlDistributionPoints])
        let crl = try CRLDistributionPointsExtension(crlExtension)
        #expect(crl.uris == ["http://ci.test.example.com/CRL-A.crl", "http://ci.test.example.com/CRL-B.crl"])
        #expect(try crl.makeCertificateExtension().value == crlExtension.value)
        #expect(throws: (any Error).self) {
            try CertificatePoliciesExtension(Certificate.Extension(oid: RSPOIDs.certificatePolicies, critical: true, value: [0x30, 0x05, 0x30]))
        }
    }
}
