import RSPTestSupport
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import SwiftASN1
import Testing

@Suite("ES9+.CancelSession (SGP.22 §5.6.5)")
struct CancelSessionTests {
    @Test("cancelling before the BPP leaves the order released, so the user can download later")
    func cancelBeforeBinding() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        try await env.smdp.cancelSession(try euicc.cancelSession(reason: .postponed, smdpOid: env.smdpOID))
        #expect(try await env.store.session(transactionId: TransactionID(ok.transactionId))?.state == .cancelled)
        #expect(try await env.orderState(order.matchingId).state == .released)
        var later = try env.euicc()
        _ = try await env.boundProfilePackage(&later, matchingId: order.matchingId)
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("cancelling after the BPP was delivered puts the order in error with the cancel reason")
    func cancelAfterBinding() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId)
        try await env.smdp.cancelSession(try euicc.cancelSession(reason: .endUserRejection, smdpOid: env.smdpOID))
        let after = try await env.orderState(order.matchingId)
        #expect(after.state == .error)
        #expect(after.reason?.contains("endUserRejection") == true)
    }

    @Test("a cancellation with a tampered signature is refused: eUICC signature invalid; nothing changes")
    func tamperedCancellation() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        var request = try euicc.cancelSession(reason: .timeout, smdpOid: env.smdpOID)
        guard case .cancelSessionResponseOk(var signed) = request.cancelSessionResponse else { throw TestEUICCRefusal("no ok") }
        var signature = signed.euiccCancelSessionSignature.bytes
        signature[5] ^= 0x04
        signed.euiccCancelSessionSignature = OctetString(signature)
        request.cancelSessionResponse = .cancelSessionResponseOk(signed)
        await expectStatus(.euiccSignatureInvalid) { try await env.smdp.cancelSession(request) }
        #expect(try await env.store.session(transactionId: TransactionID(ok.transactionId))?.state == .authenticated)
    }

    @Test("a cancellation naming another SM-DP+ OID is refused: invalid SM-DP+ OID")
    func wrongOID() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.authenticate(&euicc, matchingId: order.matchingId)
        await expectStatus(.invalidSMDPOID) {
            try await env.smdp.cancelSession(try euicc.cancelSession(reason: .postponed, smdpOid: [2, 999, 99]))
        }
    }

    @Test("an unsigned cancellation (eUICC error) is refused: eUICC signature invalid")
    func unsignedCancellation() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        let ok = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let request = CancelSessionRequestEs9(
            transactionId: ok.transactionId, cancelSessionResponse: .cancelSessionResponseError(.undefinedError))
        await expectStatus(.euiccSignatureInvalid) { try await env.smdp.cancelSession(request) }
        #expect(try await env.store.session(transactionId: TransactionID(ok.transactionId))?.state == .authenticated)
    }

    @Test("cancelling a session that is only initiated, already cancelled or unknown is refused: unknown transaction id")
    func wrongStates() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.authenticate(&euicc, matchingId: order.matchingId)
        let request = try euicc.cancelSession(reason: .postponed, smdpOid: env.smdpOID)
        try await env.smdp.cancelSession(request)
        await expectStatus(.unknownTransactionID) { try await env.smdp.cancelSession(request) }

        var fresh = try env.euicc()
        let initiated = try await env.initiate(&fresh)
        var early = request
        early.transactionId = initiated.transactionId
        await expectStatus(.unknownTransactionID) { try await env.smdp.cancelSession(early) }

        var unknown = request
        unknown.transactionId = OctetString(Array(repeating: 0x5A, count: 16))
        await expectStatus(.unknownTransactionID) { try await env.smdp.cancelSession(unknown) }
    }

    @Test("a cancellation signed for another transaction is refused: unknown transaction id")
    func signedForAnotherTransaction() async throws {
        let env = try SMDPTestEnvironment()
        let first = try await env.order("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let second = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")
        var euicc1 = try env.euicc()
        _ = try await env.authenticate(&euicc1, matchingId: first.matchingId)
        let cancelFirst = try euicc1.cancelSession(reason: .postponed, smdpOid: env.smdpOID)
        var euicc2 = try env.euicc()
        let ok2 = try await env.authenticate(&euicc2, matchingId: second.matchingId)
        var request = cancelFirst
        request.transactionId = ok2.transactionId
        await expectStatus(.unknownTransactionID) { try await env.smdp.cancelSession(request) }
    }
}
