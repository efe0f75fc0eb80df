import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

/// Purging sessions: those that ended without a BPP go at their lifetime's end; one that delivered
/// its BPP stays for its installation result (§3.5) until `deliveredSessionRetention` has passed.
@Suite("SM-DP+ session purge")
struct SessionPurgeTests {
    static let retention = SMDPConfiguration.defaultDeliveredSessionRetention

    @Test("a session past its lifetime that delivered its BPP survives the purge, and its late installation result is accepted")
    func deliveredSessionKept() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        env.clock.advance(by: 7 * 86_400)
        #expect(try await env.smdp.purgeExpiredSessions() == 0)
        try await env.send(try env.installationResult(euicc, order))
        #expect(try await env.orderState(order.matchingId).state == .installed)
    }

    @Test("a completed session acknowledges a retried result until the retention ends; then it is purged and the retry is unknown")
    func completedSessionPurgedAfterRetention() async throws {
        let env = try SMDPTestEnvironment()
        let (euicc, order) = try await env.boundDownload()
        let result = try env.installationResult(euicc, order)
        try await env.send(result)
        env.clock.advance(by: 600 + Self.retention - 1)
        #expect(try await env.smdp.purgeExpiredSessions() == 0)
        try await env.send(result)
        env.clock.advance(by: 2)
        #expect(try await env.smdp.purgeExpiredSessions() == 1)
        await expectStatus(.unknownTransactionID) { try await env.send(result) }
        // The order and the notification stay: only the session's working state went.
        #expect(try await env.orderState(order.matchingId).state == .installed)
        #expect(await env.store.notifications(eid: euicc.eid).count == 1)
    }

    @Test("a session that expired without a BPP is purged at its lifetime's end, not before")
    func undeliveredSessionPurged() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let transactionId = try TransactionID(initiated.transactionId)
        env.clock.advance(by: 599)
        #expect(try await env.smdp.purgeExpiredSessions() == 0)
        env.clock.advance(by: 2)
        #expect(try await env.smdp.purgeExpiredSessions() == 1)
        #expect(try await env.store.session(transactionId: transactionId) == nil)
    }

    @Test("a pass reads only what expired since the previous one: a session expired before it is left to the retention cutoff")
    func passStartsWhereThePreviousEnded() async throws {
        let env = try SMDPTestEnvironment()
        env.clock.advance(by: 1_000)
        #expect(try await env.smdp.purgeExpiredSessions() == 0)
        // Written after that pass with an expiry before it, as by a server whose clock is behind.
        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let transactionId = try TransactionID(initiated.transactionId)
        let stale = try #require(try await env.store.session(transactionId: transactionId))
        try await env.store.updateSession(transactionId: transactionId, matchingId: nil, now: env.clock.now) { session, _ in
            session.expiresAt = env.clock.now.addingTimeInterval(-10)
        }
        #expect(stale.expiresAt > env.clock.now)
        env.clock.advance(by: 60)
        #expect(try await env.smdp.purgeExpiredSessions() == 0)
        env.clock.advance(by: Self.retention)
        #expect(try await env.smdp.purgeExpiredSessions() == 1)
    }

    @Test("a backlog larger than a batch is purged whole, a batch per transaction")
    func backlogInBatches() async throws {
        let env = try SMDPTestEnvironment()
        var transactionIds: [TransactionID] = []
        for _ in 0..<5 {
            var euicc = try env.euicc()
            transactionIds.append(try TransactionID(try await env.initiate(&euicc).transactionId))
        }
        env.clock.advance(by: 601)
        #expect(try await env.smdp.purgeExpiredSessions(batch: 2) == 5)
        for transactionId in transactionIds { #expect(try await env.store.session(transactionId: transactionId) == nil) }
    }

    @Test("a negative retention is refused")
    func negativeRetention() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: SMDPTestEnvironment.address))
        #expect(throws: SMDPConfigurationError.invalid("delivered session retention must not be negative")) {
            try SMDPConfiguration(
                address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                deliveredSessionRetention: -1)
        }
    }
}
