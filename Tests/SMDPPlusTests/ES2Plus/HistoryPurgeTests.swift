import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Testing

/// The ES2+ history the SM-DP+ keeps for a while only: function-call records and delivered
/// progress callbacks go once `historyRetention` has passed; pending callbacks stay.
@Suite("SM-DP+ history purge")
struct HistoryPurgeTests {
    static let retention = SMDPConfiguration.defaultHistoryRetention

    @Test("function calls and delivered callbacks older than the retention go, in batches; newer ones and pending callbacks stay")
    func purgeAfterRetention() async throws {
        let env = try SMDPTestEnvironment()
        let store = env.store
        let start = env.clock.now
        for n in 0..<5 {
            _ = await store.recordFunctionCall(FunctionCallRecord(
                requester: "Operator A", function: "confirmOrder", callId: "old-\(n)", requestHash: [UInt8](repeating: 1, count: 32),
                outcome: [0x30, 0x00], createdAt: start))
        }
        let delivered = await store.enqueueCallback(Self.callback(start))
        try await store.markCallbackDelivered(id: delivered.id, at: start)
        let pending = await store.enqueueCallback(Self.callback(start))

        env.clock.advance(by: Self.retention - 1)
        #expect(try await env.smdp.purgeHistory(batch: 2) == (0, 0))
        _ = await store.recordFunctionCall(FunctionCallRecord(
            requester: "Operator A", function: "confirmOrder", callId: "new", requestHash: [UInt8](repeating: 2, count: 32),
            outcome: [0x30, 0x00], createdAt: env.clock.now))

        env.clock.advance(by: 2)
        #expect(try await env.smdp.purgeHistory(batch: 2) == (5, 1))
        #expect(await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "old-0") == nil)
        #expect(await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "new") != nil)
        #expect(await store.pendingCallbacks(limit: 10).map(\.id) == [pending.id])
    }

    @Test("a negative retention is refused")
    func negativeRetentionRefused() throws {
        let pki = try RSPPKI.generate()
        #expect(throws: SMDPConfigurationError.self) {
            try SMDPConfiguration(address: "smdp.example.test", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                                  historyRetention: -1)
        }
    }

    static func callback(_ date: Date) -> CallbackRecord {
        CallbackRecord(operatorName: "Operator A", url: "https://operator.example.test/progress", body: Array("{}".utf8),
                       createdAt: date, nextAttemptAt: date)
    }
}
