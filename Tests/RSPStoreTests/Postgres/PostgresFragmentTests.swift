import PostgresNIO
@testable import RSPStore
import Testing

/// Statements joined into one keep every value a bind parameter, numbered in the order written.
@Suite("PostgresFragment")
struct PostgresFragmentTests {
    @Test("a fragment alone is the statement it spells, its values numbered from $1")
    func alone() {
        let name: String? = nil
        let fragment: PostgresFragment = "UPDATE t SET a = \(7), b = \(name) WHERE k = \("key")"
        let query = fragment.query
        #expect(query.sql == "UPDATE t SET a = $1, b = $2 WHERE k = $3")
        #expect(query.binds.count == 3)
        #expect(PostgresFragment.combined([fragment]).query == query)
    }

    @Test("joined statements run as one: all but the last in WITH, parameters numbered across them")
    func combined() {
        let first: PostgresFragment = "UPDATE orders SET state = \("installed") WHERE matching_id = \("M-1")"
        let second: PostgresFragment = "INSERT INTO notifications (seq_number) VALUES (\(11))"
        let last: PostgresFragment = "UPDATE sessions SET state = \("completed") WHERE transaction_id = \("00FF")"
        let query = PostgresFragment.combined([first, second, last]).query
        #expect(query.sql == """
            WITH w0 AS (UPDATE orders SET state = $1 WHERE matching_id = $2), \
            w1 AS (INSERT INTO notifications (seq_number) VALUES ($3))
            UPDATE sessions SET state = $4 WHERE transaction_id = $5
            """)
        #expect(query.binds.count == 5)
        var expected = PostgresBindings()
        expected.append("installed")
        expected.append("M-1")
        expected.append(11)
        expected.append("completed")
        expected.append("00FF")
        #expect(query.binds == expected)
    }

    @Test("no statement is an empty one")
    func empty() {
        #expect(PostgresFragment.combined([]).query.sql == "")
    }
}
