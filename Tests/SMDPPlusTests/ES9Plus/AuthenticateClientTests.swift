import RSPTestSupport
import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Testing
import X509

@Suite("ES9+.AuthenticateClient (SGP.22 §5.6.3)")
struct AuthenticateClientTests {
    // MARK: Session

    @Test("a replayed AuthenticateClient is refused: unknown transaction id, and the session stays authenticated")
    func replay() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        _ = try await env.smdp.authenticateClient(request)
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.authenticateClient(request) }
        #expect(try await env.store.session(transactionId: TransactionID(initiated.transactionId))?.state == .authenticated)
    }

    @Test("a transaction id the SM-DP+ never issued is refused: unknown transaction id")
    func unknownTransaction() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        var request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        request.transactionId = OctetString(Array(repeating: 0xAB, count: 16))
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.authenticateClient(request) }
    }

    @Test("a session past its lifetime is refused: unknown transaction id; purging removes it")
    func expiredSession() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        env.clock.advance(by: 601)
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.authenticateClient(request) }
        #expect(try await env.smdp.purgeExpiredSessions() == 1)
        #expect(try await env.store.session(transactionId: TransactionID(initiated.transactionId)) == nil)
    }

    @Test("euiccSigned1 naming another transaction is refused: unknown transaction id")
    func signedTransactionMismatch() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let first = try await env.initiate(&euicc)
        let firstRequest = try euicc.authenticateServer(first, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        let second = try await env.initiate(&euicc)
        var request = firstRequest
        request.transactionId = second.transactionId
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.authenticateClient(request) }
    }

    // MARK: eUICC signature and challenge

    @Test("a tampered euiccSignature1 is refused: eUICC signature invalid, and the session ends")
    func tamperedSignature() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        let tampered = try request.mapResponseOk { ok in
            var signature = ok.euiccSignature1.bytes
            signature[10] ^= 0x01
            ok.euiccSignature1 = OctetString(signature)
        }
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smdp.authenticateClient(tampered) }
        #expect(try await env.store.session(transactionId: TransactionID(initiated.transactionId))?.state == .failed)
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.authenticateClient(request) }
    }

    @Test("a signature over another server challenge is refused: eUICC signature invalid")
    func wrongServerChallenge() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        let resigned = try request.resigningEuiccSigned1(with: euicc.identity.privateKey) { signed in
            signed.serverChallenge = OctetString(Array(repeating: 7, count: 16))
        }
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smdp.authenticateClient(resigned) }
    }

    @Test("a signature naming another SM-DP+ address is refused: eUICC signature invalid")
    func wrongServerAddress() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        let resigned = try request.resigningEuiccSigned1(with: euicc.identity.privateKey) { $0.serverAddress = "evil.example.com" }
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smdp.authenticateClient(resigned) }
    }

    @Test("an eUICC that refused the server authentication ends the session with an execution error")
    func authenticateResponseError() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let request = AuthenticateClientRequest(
            transactionId: initiated.transactionId,
            authenticateServerResponse: .authenticateResponseError(AuthenticateResponseError(
                transactionId: initiated.transactionId, authenticateErrorCode: .invalidSignature)))
        let code = await expectStatus(.executionError) { _ = try await env.smdp.authenticateClient(request) }
        #expect(code?.message?.contains("invalidSignature") == true)
        #expect(try await env.store.session(transactionId: TransactionID(initiated.transactionId))?.state == .failed)
    }

    // MARK: Certificates

    @Test("an eUICC certified under a foreign CI is refused: unknown CI public key")
    func foreignCI() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        let foreign = try RSPPKI.generate()
        // It claims our CI (so InitiateAuthentication accepts it) but its EUM is certified by another CI.
        var euicc = try TestEUICC(identity: foreign.euicc, eum: foreign.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.unknownCIPublicKey) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("an expired eUICC certificate is refused: eUICC certificate expired")
    func expiredEUICC() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        let identity = try RSPCertificateIssuer.issueEUICC(
            eid: try env.euicc().eid, issuer: env.pki.eum,
            notBefore: Date(timeIntervalSinceNow: -2 * 86_400), notAfter: Date(timeIntervalSinceNow: -86_400))
        var euicc = try TestEUICC(identity: identity, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.euiccCertificateExpired) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("an expired EUM certificate is refused: EUM certificate expired")
    func expiredEUM() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        let eum = try RSPCertificateIssuer.issueEUM(
            subject: try RSPCertificateIssuer.name(country: "ES", organization: "OpenRSP Test EUM", commonName: "Expired EUM"),
            eidPrefixes: ["89049032"], issuer: env.pki.ci,
            notBefore: Date(timeIntervalSinceNow: -2 * 86_400), notAfter: Date(timeIntervalSinceNow: -86_400))
        let identity = try RSPCertificateIssuer.issueEUICC(
            eid: try EID(prefix: "89049032", individualNumber: 77), issuer: eum, notBefore: Date(timeIntervalSinceNow: -2 * 86_400))
        var euicc = try TestEUICC(identity: identity, eum: eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.eumCertificateExpired) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("download is refused when the EID is outside the EUM range: eUICC certificate invalid")
    func eidOutsideEUMRange() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        let identity = try RSPCertificateIssuer.issueEUICC(
            eid: try EID(prefix: "89049033", individualNumber: 12345), issuer: env.pki.eum,
            notBefore: Date(timeIntervalSinceNow: -3600))
        var euicc = try TestEUICC(identity: identity, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.euiccCertificateInvalid) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("an eUICC certificate not signed by the EUM it presents is refused: eUICC certificate invalid")
    func euiccNotIssuedByEUM() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        let other = try RSPPKI.generate(RSPPKI.Parameters(eidPrefix: "89049032"))
        // The other PKI's eUICC, presented with *our* EUM: the EUM chains to our CI, the eUICC does not chain to the EUM.
        var euicc = try TestEUICC(identity: other.euicc, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        await expectStatus(.euiccCertificateInvalid) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    // MARK: Orders

    @Test("an unknown matchingId is refused: matchingId refused")
    func unknownMatchingId() async throws {
        let env = try SMDPTestEnvironment()
        try await env.order()
        var euicc = try env.euicc()
        await expectStatus(.matchingIDRefused) { _ = try await env.authenticate(&euicc, matchingId: "NO-SUCH-ORDER") }
    }

    @Test("an order for another EID is refused: EID refused")
    func eidMismatch() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(eid: try EID(prefix: "89049032", individualNumber: 999))
        var euicc = try env.euicc()
        await expectStatus(.eidRefused) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("an order bound to this EID is accepted")
    func eidMatch() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let order = try await env.order(eid: euicc.eid)
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        #expect(ok.profileMetaData.iccid == order.iccid)
    }

    @Test("an expired order is refused: download order expired")
    func expiredOrder() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(expiresAt: env.clock.now.addingTimeInterval(60))
        env.clock.advance(by: 61)
        var euicc = try env.euicc()
        await expectStatus(.downloadOrderExpired) { _ = try await env.authenticate(&euicc, matchingId: order.matchingId) }
    }

    @Test("a profile is delivered once: a second download of the same order is refused, saying it was downloaded")
    func secondDownloadRefused() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId)
        var again = try env.euicc()
        let code = await expectStatus(.matchingIDRefused) { _ = try await env.authenticate(&again, matchingId: order.matchingId) }
        #expect(code?.message?.contains("downloaded") == true)
    }

    @Test("two sessions may authenticate for one order, but only the first gets the BPP")
    func concurrentSessionsForOneOrder() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var first = try env.euicc()
        var second = try env.euicc()
        let ok1 = try await env.authenticate(&first, matchingId: order.matchingId)
        let ok2 = try await env.authenticate(&second, matchingId: order.matchingId)
        _ = try await env.smdp.getBoundProfilePackage(try first.prepareDownload(ok1))
        await expectStatus(.matchingIDRefused) { _ = try await env.smdp.getBoundProfilePackage(try second.prepareDownload(ok2)) }
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("the AuthenticateClient answer carries smdpSignature2 by CERT.DPpb over smdpSigned2 and euiccSignature1")
    func smdpSignature2() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(confirmationCode: "1234")
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let prepare = ok.prepareDownloadRequest
        #expect(try Certificate(derEncoded: prepare.smdpCertificate.derBytes) == env.pki.dpPb.certificate)
        #expect(prepare.smdpSigned2.value.ccRequiredFlag)
        #expect(prepare.hashCc == nil)
        try RSPSignature.verify(
            rawSignature: prepare.smdpSignature2.bytes,
            over: try SignedData.smdpSignature2(smdpSigned2: prepare.smdpSigned2.derBytes, euiccSignature1: euicc.euiccSignature1),
            publicKey: try env.pki.dpPb.certificate.p256SigningKey())
        let session = try #require(await env.store.session(transactionId: TransactionID(ok.transactionId)))
        #expect(session.state == .authenticated)
        #expect(session.eid == euicc.eid)
        #expect(session.matchingId == order.matchingId)
        #expect(session.ccRequired)
        #expect(session.smdpSignature2 == prepare.smdpSignature2.bytes)
    }
}

extension AuthenticateClientRequest {
    /// The same request with its AuthenticateResponseOk changed.
    func mapResponseOk(_ change: (inout AuthenticateResponseOk) throws -> Void) throws -> AuthenticateClientRequest {
        guard case .authenticateResponseOk(var ok) = authenticateServerResponse else {
            throw TestEUICCRefusal("not an authenticateResponseOk")
        }
        try change(&ok)
        var copy = self
        copy.authenticateServerResponse = .authenticateResponseOk(ok)
        return copy
    }

    /// The same request with euiccSigned1 changed and signed again with `key` (a genuine eUICC
    /// signature over wrong content).
    func resigningEuiccSigned1(
        with key: P256.Signing.PrivateKey, _ change: (inout EuiccSigned1) -> Void
    ) throws -> AuthenticateClientRequest {
        try mapResponseOk { ok in
            var signed = ok.euiccSigned1.value
            change(&signed)
            let encoded = try Encoded(signed)
            ok.euiccSigned1 = encoded
            ok.euiccSignature1 = OctetString(
                try RSPSignature.sign(SignedData.euiccSignature1(euiccSigned1: encoded.derBytes), with: key).rawRepresentation)
        }
    }
}
