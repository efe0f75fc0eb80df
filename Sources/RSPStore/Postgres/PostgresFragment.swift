import PostgresNIO

/// SQL text with its values, written like a `PostgresQuery` (every value a bind parameter), that
/// can still be joined with other fragments into one statement. A `PostgresQuery` numbers its
/// parameters as it is built, so two built queries cannot be joined; a fragment keeps its values
/// until `query` numbers them all.
///
/// Joined statements cost one round trip instead of one each: what a locked read-modify-write
/// pays per ES9+ call on a database across the network (`combined`).
struct PostgresFragment: ExpressibleByStringInterpolation {
    fileprivate enum Piece {
        case sql(String)
        case value((inout PostgresQuery.StringInterpolation) -> Void)
    }

    fileprivate var pieces: [Piece]

    init(stringLiteral value: String) {
        pieces = [.sql(value)]
    }

    init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var pieces: [Piece] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(2 * interpolationCount + 1)
        }

        mutating func appendLiteral(_ literal: String) {
            pieces.append(.sql(literal))
        }

        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }

        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }
    }

    /// The statement, its values numbered $1… in order.
    var query: PostgresQuery {
        var interpolation = PostgresQuery.StringInterpolation(literalCapacity: 0, interpolationCount: pieces.count)
        for piece in pieces {
            switch piece {
            case .sql(let text): interpolation.appendLiteral(text)
            case .value(let bind): bind(&interpolation)
            }
        }
        return PostgresQuery(stringInterpolation: interpolation)
    }

    /// Data-modifying statements (INSERT, UPDATE, DELETE without RETURNING) as one: all but the
    /// last in a WITH clause. They run on one snapshot and do not see each other's changes, so
    /// they must touch different rows; their effects, and their triggers', are all there once
    /// the statement returns, and a failure in any fails the whole statement.
    static func combined(_ statements: [PostgresFragment]) -> PostgresFragment {
        guard let last = statements.last else { return "" }
        guard statements.count > 1 else { return last }
        var joined = PostgresFragment(stringLiteral: "WITH ")
        for (index, statement) in statements.dropLast().enumerated() {
            joined.pieces.append(.sql(index == 0 ? "w0 AS (" : ", w\(index) AS ("))
            joined.pieces += statement.pieces
            joined.pieces.append(.sql(")"))
        }
        joined.pieces.append(.sql("\n"))
        joined.pieces += last.pieces
        return joined
    }
}

extension PostgresTransaction {
    /// Runs `statement` for its effect. Disfavoured: SQL written in place is a `PostgresQuery`.
    @_disfavoredOverload
    func execute(_ statement: PostgresFragment) async throws {
        try await execute(statement.query)
    }
}
