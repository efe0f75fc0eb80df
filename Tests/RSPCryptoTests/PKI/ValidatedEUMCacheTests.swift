import Foundation
import RSPCore
import Testing
import X509

@testable import RSPCrypto

/// `EUICCAuthentication` with a `ValidatedEUMCache`: a hit answers exactly what a full validation
/// answers, and anything that is not the same EUM at a time it is valid is checked (and refused) as before.
@Suite("EUM validations cached by their DER")
struct ValidatedEUMCacheTests {
    typealias PKI = RecordedSessionPKI

    static func authentication(_ cache: ValidatedEUMCache?, trusting cis: [Certificate]? = nil) throws -> EUICCAuthentication {
        EUICCAuthentication(trustedCIs: try cis ?? [PKI.ci], serverName: "SM-DP+", eumCache: cache)
    }

    static func validate(
        _ authentication: EUICCAuthentication, euicc: [UInt8] = PKI.der(PKI.euiccBase64), eum: [UInt8] = PKI.der(PKI.eumBase64),
        requiredCIPKId: [UInt8]? = nil, at date: Date = PKI.sessionDate
    ) throws -> AuthenticatedEUICC {
        try authentication.validateEUICCChain(
            euiccCertificate: try CertificateDER(derBytes: euicc), eumCertificate: try CertificateDER(derBytes: eum),
            requiredCIPKId: requiredCIPKId, at: date)
    }

    /// The status code (subject, reason) a validation fails with.
    static func failure(_ body: () throws -> AuthenticatedEUICC) -> (SubjectCode, ReasonCode)? {
        do {
            _ = try body()
            return nil
        } catch let code as StatusCode {
            return (code.subjectCode, code.reasonCode)
        } catch {
            return nil
        }
    }

    static func same(_ a: (SubjectCode, ReasonCode)?, _ b: StatusCode) -> Bool {
        a.map { $0.0 == b.subjectCode && $0.1 == b.reasonCode } ?? false
    }

    @Test("a hit authenticates the same eUICC as a full validation, and only successes are cached")
    func hitMatchesFullValidation() throws {
        let cache = ValidatedEUMCache()
        let cached = try Self.authentication(cache)
        let uncached = try Self.validate(try Self.authentication(nil))
        let first = try Self.validate(cached)
        #expect(cache.count == 1)
        let second = try Self.validate(cached)
        #expect(cache.count == 1)
        for result in [first, second] {
            #expect(result.eid == uncached.eid && result.certificate == uncached.certificate)
            #expect(result.eid.digits == "89049032123451234512345678901235")
        }
        var tampered = PKI.der(PKI.eumBase64)
        tampered[tampered.count - 3] ^= 0x40
        let fresh = ValidatedEUMCache()
        _ = Self.failure { try Self.validate(try Self.authentication(fresh), eum: tampered) }
        #expect(fresh.count == 0)
    }

    @Test("a tampered EUM (other bytes) misses the warm cache and is refused as eumCertificateInvalid")
    func tamperedEUM() throws {
        let cache = ValidatedEUMCache()
        let authentication = try Self.authentication(cache)
        _ = try Self.validate(authentication)
        var tampered = PKI.der(PKI.eumBase64)
        tampered[tampered.count - 3] ^= 0x40
        let withCache = Self.failure { try Self.validate(authentication, eum: tampered) }
        let without = Self.failure { try Self.validate(try Self.authentication(nil), eum: tampered) }
        #expect(Self.same(withCache, .eumCertificateInvalid))
        #expect(Self.same(without, .eumCertificateInvalid))
        #expect(cache.count == 1)
    }

    @Test("an EUM that was valid when cached is refused as expired once its notAfter has passed")
    func expiredOnHit() throws {
        let cache = ValidatedEUMCache()
        let authentication = try Self.authentication(cache)
        _ = try Self.validate(authentication)
        let eum = try PKI.eum
        let later = eum.notValidAfter.addingTimeInterval(86_400)
        #expect(try PKI.ci.notValidAfter > later)
        #expect(Self.same(Self.failure { try Self.validate(authentication, at: later) }, .eumCertificateExpired))
        let beforeNotBefore = eum.notValidBefore.addingTimeInterval(-1)
        #expect(Self.same(Self.failure { try Self.validate(authentication, at: beforeNotBefore) }, .eumCertificateInvalid))
        // Still valid now: the entry was not poisoned by the refusals.
        _ = try Self.validate(authentication)
    }

    @Test("on a hit the eUICC certificate is still verified against the EUM")
    func euiccCheckedOnHit() throws {
        let cache = ValidatedEUMCache()
        let authentication = try Self.authentication(cache)
        _ = try Self.validate(authentication)
        var tampered = PKI.der(PKI.euiccBase64)
        tampered[tampered.count - 3] ^= 0x40
        #expect(Self.same(Self.failure { try Self.validate(authentication, euicc: tampered) }, .euiccCertificateInvalid))
        // An eUICC certificate of another manufacturer's PKI is not accepted under this EUM.
        let foreign = try RSPPKI.generate()
        let foreignEUICC = try foreign.euicc.certificate.derBytes()
        #expect(Self.same(Self.failure { try Self.validate(authentication, euicc: foreignEUICC) }, .euiccCertificateInvalid))
    }

    @Test("a hit still requires the session's CI and a CI the server trusts")
    func ciCheckedOnHit() throws {
        let cache = ValidatedEUMCache()
        _ = try Self.validate(try Self.authentication(cache))
        let other = try RSPPKI.generate()
        let wrongCI = try #require(try other.ci.certificate.subjectKeyIdentifierBytes())
        #expect(Self.same(
            Self.failure { try Self.validate(try Self.authentication(cache), requiredCIPKId: wrongCI) }, .unknownCIPublicKey))
        let distrusting = try Self.authentication(cache, trusting: [other.ci.certificate])
        #expect(Self.same(Self.failure { try Self.validate(distrusting) }, .unknownCIPublicKey))
    }
}
