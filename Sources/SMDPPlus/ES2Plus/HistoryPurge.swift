import Foundation

extension SMDPPlus {
    /// Removes the ES2+ function-call records and the delivered progress callbacks older than
    /// `historyRetention`; returns how many of each. Every ES2+ call records one and every download
    /// delivers a few callbacks (with the eUICC's signed result): kept for good, they would grow
    /// the store by gigabytes over an inventory's life. Pending callbacks are never removed.
    ///
    /// Each batch is its own transaction, `batch` rows at most, as `purgeExpiredSessions`.
    @discardableResult
    public func purgeHistory(batch: Int = 1_000) async throws -> (functionCalls: Int, callbacks: Int) {
        let cutoff = now.addingTimeInterval(-configuration.historyRetention)
        let calls = try await Self.deleteInBatches(of: batch) { try await store.deleteFunctionCalls(createdBefore: cutoff, limit: $0) }
        let callbacks = try await Self.deleteInBatches(of: batch) {
            try await store.deleteDeliveredCallbacks(deliveredBefore: cutoff, limit: $0)
        }
        logger.info("purgeHistory", metadata: ["functionCalls": "\(calls)", "callbacks": "\(callbacks)"])
        return (calls, callbacks)
    }

    /// Calls `delete` with the batch size until a batch comes back short; returns the total.
    static func deleteInBatches(of batch: Int, _ delete: (Int) async throws -> Int) async throws -> Int {
        let batch = max(1, batch)
        var removed = 0
        while true {
            let count = try await delete(batch)
            removed += count
            if count < batch { return removed }
        }
    }
}
