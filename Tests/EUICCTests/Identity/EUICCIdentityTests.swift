import RSPCore
import RSPCrypto
import Testing

@testable import EUICC

@Suite("EUICCIdentity's derived values are those of its certificates")
struct EUICCIdentityTests {
    @Test("the CI key identifiers and CERT.EUM's DER are what the certificates give")
    func derivedValues() throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        let identity = try EUICCIdentity(
            euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate, trustedCIs: [pki.ci.certificate])
        let ski = try #require(try pki.ci.certificate.subjectKeyIdentifierBytes())
        #expect(identity.ciPKIdsForSigning == [ski])
        #expect(identity.ciPKIdsForVerification == [ski])
        #expect(try identity.eumCertificateDER.derBytes == pki.eum.certificate.derBytes())
        #expect(try identity.euiccCertificateDER.derBytes == pki.euicc.certificate.derBytes())
    }
}
