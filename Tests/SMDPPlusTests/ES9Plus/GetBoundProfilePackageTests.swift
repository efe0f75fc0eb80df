import RSPTestSupport
import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Testing
import X509

@Suite("ES9+.GetBoundProfilePackage (SGP.22 §5.6.2) and the confirmation code (§3.1.3.4)")
struct GetBoundProfilePackageTests {
    @Test("a tampered euiccSignature2 is refused: eUICC signature invalid; the order stays released")
    func tamperedSignature2() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        var request = try euicc.prepareDownload(ok)
        guard case .downloadResponseOk(var prepared) = request.prepareDownloadResponse else { throw TestEUICCRefusal("no ok") }
        var signature = prepared.euiccSignature2.bytes
        signature[40] ^= 0x80
        prepared.euiccSignature2 = OctetString(signature)
        request.prepareDownloadResponse = .downloadResponseOk(prepared)
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smdp.getBoundProfilePackage(request) }
        #expect(try await env.orderState(order.matchingId).state == .released)
        #expect(try await env.store.session(transactionId: TransactionID(ok.transactionId))?.state == .failed)
    }

    @Test("euiccSignature2 by another eUICC key is refused: eUICC signature invalid")
    func signature2ByAnotherKey() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        euicc.identity = try TestEUICC(pki: try RSPPKI.generate()).identity
        let request = try euicc.prepareDownload(ok)
        await expectStatus(.euiccSignatureInvalid) { _ = try await env.smdp.getBoundProfilePackage(request) }
    }

    @Test("GetBoundProfilePackage before AuthenticateClient, or twice, is refused: unknown transaction id")
    func wrongState() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let request = try euicc.prepareDownload(ok)
        _ = try await env.smdp.getBoundProfilePackage(request)
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.getBoundProfilePackage(request) }

        var fresh = try env.euicc()
        let initiated = try await env.initiate(&fresh)
        var early = request
        early.transactionId = initiated.transactionId
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.getBoundProfilePackage(early) }
    }

    @Test("an expired authenticated session is refused: unknown transaction id")
    func expiredSession() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let request = try euicc.prepareDownload(ok)
        env.clock.advance(by: 600)
        await expectStatus(.unknownTransactionID) { _ = try await env.smdp.getBoundProfilePackage(request) }
        #expect(try await env.orderState(order.matchingId).state == .released)
    }

    @Test("an eUICC that refused PrepareDownload ends the session with an execution error")
    func downloadResponseError() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let request = GetBoundProfilePackageRequest(
            transactionId: ok.transactionId,
            prepareDownloadResponse: .downloadResponseError(PrepareDownloadResponseError(
                transactionId: ok.transactionId, downloadErrorCode: .invalidSignature)))
        await expectStatus(.executionError) { _ = try await env.smdp.getBoundProfilePackage(request) }
        #expect(try await env.store.session(transactionId: TransactionID(ok.transactionId))?.state == .failed)
        #expect(try await env.orderState(order.matchingId).state == .released)
    }

    // MARK: Confirmation code

    @Test("the right confirmation code lets the download through; the order stores only SHA-256 of the code")
    func rightConfirmationCode() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(confirmationCode: "8642")
        #expect(order.confirmationCodeHash == Array(SHA256.hash(data: Array("8642".utf8))))
        var euicc = try env.euicc()
        let bpp = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId, confirmationCode: "8642")
        #expect(try euicc.loadBoundProfilePackage(bpp).profileElements == (try SMDPTestEnvironment.upp()))
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("a missing confirmation code is refused: confirmation code missing; no attempt is counted")
    func missingConfirmationCode() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(confirmationCode: "8642")
        var euicc = try env.euicc()
        await expectStatus(.confirmationCodeMissing) {
            _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId, confirmationCode: nil)
        }
        let after = try await env.orderState(order.matchingId)
        #expect(after.confirmationCodeAttemptsLeft == 3)
        #expect(after.state == .released)
    }

    @Test("a wrong confirmation code is refused and costs one attempt; the right one still works afterwards")
    func wrongConfirmationCode() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(confirmationCode: "8642")
        var euicc = try env.euicc()
        await expectStatus(.confirmationCodeRefused) {
            _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId, confirmationCode: "0000")
        }
        let after = try await env.orderState(order.matchingId)
        #expect(after.confirmationCodeAttemptsLeft == 2)
        #expect(after.state == .released)
        var retry = try env.euicc()
        _ = try await env.boundProfilePackage(&retry, matchingId: order.matchingId, confirmationCode: "8642")
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("a hashCc computed for another transaction is refused: confirmation code refused")
    func confirmationCodeOfAnotherSession() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order(confirmationCode: "8642")
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        // A hashCc bound to another TransactionID, signed by the genuine eUICC.
        let codeHash = Array(SHA256.hash(data: Array("8642".utf8)))
        let foreignHash = Array(SHA256.hash(data: codeHash + Array(repeating: 0x11, count: 16)))
        let request = try euicc.prepareDownload(ok, confirmationCode: "8642").resigningEuiccSigned2(
            with: euicc.identity.privateKey, smdpSignature2: euicc.smdpSignature2) { $0.hashCc = OctetString(foreignHash) }
        await expectStatus(.confirmationCodeRefused) { _ = try await env.smdp.getBoundProfilePackage(request) }
    }

    @Test("the last wrong confirmation code puts the order in error: retries exceeded, and the matchingId is refused after")
    func retriesExhausted() async throws {
        let env = try SMDPTestEnvironment(confirmationCodeAttempts: 3)
        let order = try await env.order(confirmationCode: "8642")
        for expected in [StatusCode.confirmationCodeRefused, .confirmationCodeRefused, .confirmationCodeRetriesExceeded] {
            var euicc = try env.euicc()
            await expectStatus(expected) {
                _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId, confirmationCode: "1111")
            }
        }
        let after = try await env.orderState(order.matchingId)
        #expect(after.state == .error)
        #expect(after.confirmationCodeAttemptsLeft == 0)
        var euicc = try env.euicc()
        await expectStatus(.matchingIDRefused) {
            _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId, confirmationCode: "8642")
        }
    }
}

extension GetBoundProfilePackageRequest {
    /// The same request with euiccSigned2 changed and signed again by the eUICC.
    func resigningEuiccSigned2(
        with key: P256.Signing.PrivateKey, smdpSignature2: [UInt8], _ change: (inout EUICCSigned2) -> Void
    ) throws -> GetBoundProfilePackageRequest {
        guard case .downloadResponseOk(var ok) = prepareDownloadResponse else { throw TestEUICCRefusal("no ok") }
        var signed = ok.euiccSigned2.value
        change(&signed)
        let encoded = try Encoded(signed)
        ok.euiccSigned2 = encoded
        ok.euiccSignature2 = OctetString(try RSPSignature.sign(
            try SignedData.euiccSignature2(euiccSigned2: encoded.derBytes, smdpSignature2: smdpSignature2), with: key
        ).rawRepresentation)
        var copy = self
        copy.prepareDownloadResponse = .downloadResponseOk(ok)
        return copy
    }
}
