import Foundation
import GRDB

/// What SQLite's planner would do with statements on a store's file: one line per statement,
/// its EXPLAIN QUERY PLAN details joined (the rows are id, parent, notused, detail). Tests check
/// with it that a lookup or a purge goes through its index rather than a scan.
enum SQLiteQueryPlans {
    static func of(_ file: URL, _ statements: [(sql: String, arguments: StatementArguments)]) async throws -> [String] {
        let inspector = try DatabaseQueue(path: file.path)
        let plans = try await inspector.read { db in
            try statements.map { statement in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                    .map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
            }
        }
        try inspector.close()
        return plans
    }
}
