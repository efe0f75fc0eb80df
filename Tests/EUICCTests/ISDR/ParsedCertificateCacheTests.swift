import Foundation
import RSPCore
import RSPCrypto
import Testing
import X509

@testable import EUICC

/// A clock the test moves.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
    var now: Date { lock.withLock { Date(timeIntervalSinceNow: offset) } }
}

@Suite("Server certificates are parsed once per eUICC, and checked on every use")
struct ParsedCertificateCacheTests {
    @Test("a remembered certificate is the one a fresh parse gives; other bytes are parsed anew")
    func sameAsFreshParse() throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        let dpAuth = try pki.dpAuth.certificate.derBytes()
        let dpPb = try pki.dpPb.certificate.derBytes()
        var cache = ParsedCertificateCache()
        let first = try cache.certificate(for: dpAuth)
        let again = try cache.certificate(for: dpAuth)
        let other = try cache.certificate(for: dpPb)
        #expect(first == (try Certificate(derEncoded: dpAuth)))
        #expect(again == first)
        #expect(other == (try Certificate(derEncoded: dpPb)))
        #expect(other != first)
        #expect(cache.count == 2)
    }

    @Test("unparseable bytes throw and are not remembered; the oldest entry makes room")
    func failuresAndCapacity() throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        var cache = ParsedCertificateCache()
        var broken = try pki.dpAuth.certificate.derBytes()
        broken.removeLast()
        #expect(throws: (any Error).self) { try cache.certificate(for: broken) }
        #expect(cache.count == 0)
        let certificates = [pki.ci, pki.eum, pki.euicc, pki.dpAuth, pki.dpPb].map(\.certificate)
        for certificate in certificates {
            #expect(try cache.certificate(for: certificate.derBytes()) == certificate)
        }
        #expect(cache.count == ParsedCertificateCache.capacity)
        // The first one was dropped and comes back from a new parse, equal to the original.
        #expect(try cache.certificate(for: certificates[0].derBytes()) == certificates[0])
        #expect(cache.count == ParsedCertificateCache.capacity)
    }

    @Test("a server certificate accepted before is refused once it has expired: the chain is checked every session")
    func rememberedCertificateIsStillChecked() async throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let clock = MovableClock()
        let isdr = try ISDR(identity: identity, environment: EUICCEnvironment(now: { clock.now }))
        let smdp = TestSMDP(pki: pki)

        var challenge = await isdr.getEuiccChallenge().euiccChallenge.bytes
        guard case .authenticateResponseOk(let ok) = await isdr.authenticateServer(try smdp.authenticateServerRequest(challenge: challenge)) else {
            Issue.record("the genuine server was refused")
            return
        }
        guard case .downloadResponseOk = await isdr.prepareDownload(try smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes)) else {
            Issue.record("the genuine CERT.DPpb was refused")
            return
        }
        #expect(await isdr.serverCertificates.count == 2)

        clock.advance(by: 20 * 365 * 86_400)
        challenge = await isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await isdr.authenticateServer(try smdp.authenticateServerRequest(challenge: challenge))
        guard case .authenticateResponseError(let error) = response else {
            Issue.record("an expired CERT.DPauth was accepted")
            return
        }
        #expect(error.authenticateErrorCode == .invalidCertificate)
    }
}
