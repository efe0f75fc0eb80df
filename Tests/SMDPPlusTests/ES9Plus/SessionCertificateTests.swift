import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import Testing

@testable import SMDPPlus

/// The steps after AuthenticateClient verify the eUICC's signatures with the certificate of their
/// own session, whether this node has it parsed already (it authenticated the session) or reads
/// it from the store (another node did).
@Suite("ES9+ sessions: each step verifies with its own session's eUICC certificate")
struct SessionCertificateTests {
    func installationResult(
        _ env: SMDPTestEnvironment, by euicc: TestEUICC, for order: OrderRecord, transactionId: [UInt8]? = nil
    ) throws -> HandleNotification {
        HandleNotification(pendingNotification: .profileInstallationResult(try euicc.profileInstallationResult(
            seqNumber: 1, iccid: order.iccid, smdpAddress: SMDPTestEnvironment.address, smdpOid: env.smdpOID,
            transactionId: transactionId)))
    }

    @Test("with two sessions in progress, a result signed by the other session's eUICC is refused, its own accepted")
    func twoSessions() async throws {
        let env = try SMDPTestEnvironment()
        let orderA = try await env.order("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let orderB = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")
        var a = try env.euicc()
        // A second eUICC of the same EUM: its certificate chains to the same CI, with its own key.
        let other = try RSPCertificateIssuer.issueEUICC(
            eid: try EID(prefix: "89049032", individualNumber: 7), issuer: env.pki.eum,
            notBefore: env.clock.now.addingTimeInterval(-3600))
        var b = try TestEUICC(identity: other, eum: env.pki.eum.certificate, ci: env.pki.ci.certificate)
        _ = try await env.boundProfilePackage(&a, matchingId: orderA.matchingId)
        _ = try await env.boundProfilePackage(&b, matchingId: orderB.matchingId)
        #expect(a.eid != b.eid)

        // B's genuine signature over A's transaction: valid for B's certificate, not for A's.
        await expectStatus(.euiccSignatureInvalid) {
            try await env.smdp.handleNotification(
                try installationResult(env, by: b, for: orderA, transactionId: a.transactionId))
        }
        #expect(try await env.orderState(orderA.matchingId).state == .downloaded)
        try await env.smdp.handleNotification(try installationResult(env, by: a, for: orderA))
        try await env.smdp.handleNotification(try installationResult(env, by: b, for: orderB))
        #expect(try await env.orderState(orderA.matchingId).state == .installed)
        #expect(try await env.orderState(orderB.matchingId).state == .installed)
    }

    @Test("the parsed certificate is kept from AuthenticateClient until the session ends: dropped at its result or cancellation")
    func parsedCertificateLifetime() async throws {
        let env = try SMDPTestEnvironment()
        let installed = try await env.order("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let cancelled = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")
        var euicc = try env.euicc()
        _ = try await env.boundProfilePackage(&euicc, matchingId: installed.matchingId)
        #expect(env.smdp.euiccCertificates.count == 1)
        let result = try installationResult(env, by: euicc, for: installed)
        try await env.smdp.handleNotification(result)
        #expect(env.smdp.euiccCertificates.count == 0)
        // A retried result is still verified, with the certificate parsed again from the store.
        try await env.smdp.handleNotification(result)
        #expect(try await env.orderState(installed.matchingId).state == .installed)

        var other = try env.euicc()
        _ = try await env.authenticate(&other, matchingId: cancelled.matchingId)
        #expect(env.smdp.euiccCertificates.count >= 1)
        try await env.smdp.cancelSession(try other.cancelSession(reason: .postponed, smdpOid: env.smdpOID))
        #expect(env.smdp.euiccCertificates.count == 0)
    }

    @Test("another node, which never parsed the certificate, verifies the result with the one the store holds")
    func otherNode() async throws {
        let env = try SMDPTestEnvironment()
        let order = try await env.order()
        var euicc = try env.euicc()
        _ = try await env.boundProfilePackage(&euicc, matchingId: order.matchingId)
        let otherNode = SMDPPlus(configuration: env.smdp.configuration, store: env.store)

        var impostor = euicc
        impostor.identity = try TestEUICC(pki: try RSPPKI.generate()).identity
        await expectStatus(.euiccSignatureInvalid) {
            try await otherNode.handleNotification(try installationResult(env, by: impostor, for: order))
        }
        try await otherNode.handleNotification(try installationResult(env, by: euicc, for: order))
        #expect(try await env.orderState(order.matchingId).state == .installed)
    }
}
