import Foundation

/// What the SM-DP+ keeps only for a while: see `SQLiteSMDPStore+Retention` (schema v10 here too).
extension PostgresSMDPStore {
    public func deleteFunctionCalls(createdBefore date: Date, limit: Int) async throws -> Int {
        try await database.write("old function calls") { transaction in
            try await transaction.rows("""
                DELETE FROM function_calls WHERE (requester, function, call_id) IN (SELECT requester, function, call_id
                    FROM function_calls WHERE created_at < \(PostgresColumn.date(date)) LIMIT \(max(0, limit)))
                RETURNING call_id
                """).count
        }
    }

    public func deleteDeliveredCallbacks(deliveredBefore date: Date, limit: Int) async throws -> Int {
        try await database.write("delivered callbacks") { transaction in
            try await transaction.rows("""
                DELETE FROM callbacks WHERE id IN (SELECT id FROM callbacks
                    WHERE delivered_at IS NOT NULL AND delivered_at < \(PostgresColumn.date(date)) LIMIT \(max(0, limit)))
                RETURNING id
                """).count
        }
    }
}
