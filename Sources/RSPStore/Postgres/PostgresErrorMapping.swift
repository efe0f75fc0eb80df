import PostgresNIO

/// Turns what a PostgreSQL access threw into the store's vocabulary (`StoreError`), so callers
/// never see SQL, postgres-nio types, row contents or the connection's password.
enum PostgresErrorMapping {
    /// An error thrown by a caller's closure (`change`, `make`) inside a transaction, carried
    /// through it (rolling it back, never retried) so that it comes out unchanged.
    struct ChangeRefused: Error {
        let error: any Error
    }

    /// No pooled connection could be had in time: the server is down or unreachable, or every
    /// connection is busy. (postgres-nio's pool would wait for one for ever.)
    struct NoConnection: Error {
        let waited: Duration
    }

    /// The partial unique index that keeps one active order per profile: its violation is the
    /// `conflict` of `insertOrder`, as SQLite's UNIQUE index is, not a duplicate key.
    static let activeOrderIndex = "orders_active_by_iccid"

    /// A serialization failure (40001) or a deadlock (40P01): the server rolled the transaction
    /// back and the same transaction, run again, may well succeed.
    static func isTransient(_ error: any Error) -> Bool {
        guard let state = sqlState(of: unwrapped(error)) else { return false }
        return state == "40001" || state == "40P01"
    }

    /// - Parameter subject: what was being read or written ("profile 8949…", "session 0A1B…"),
    ///   used in the message.
    static func storeError(_ error: any Error, subject: String) -> any Error {
        let error = unwrapped(error)
        switch error {
        case let refused as ChangeRefused:
            return refused.error
        case is StoreError, is CancellationError:
            return error
        case let corrupt as PostgresColumn.CorruptRow:
            return StoreError.storage("\(subject): \(corrupt)")
        case let timeout as NoConnection:
            return StoreError.storage("\(subject): no database connection within \(timeout.waited)")
        case is PostgresDecodingError:
            // Its description quotes the column's bytes: never shown.
            return StoreError.storage("\(subject): a column does not decode")
        case let psql as PSQLError:
            return storeError(psql, subject: subject)
        default:
            return StoreError.storage("\(subject): \(type(of: error))")
        }
    }

    /// Constraint violations are the schema's own refusals: a taken key is a duplicate, a second
    /// active order for one profile a conflict, a reference to an unknown record a missing record.
    /// Anything else is a storage failure described by its SQLSTATE only (the server's message
    /// can quote the values of a row).
    static func storeError(_ error: PSQLError, subject: String) -> StoreError {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return .storage("\(subject): \(reason(error))")
        }
        switch state {
        case "23505" where error.serverInfo?[.constraintName] == activeOrderIndex:
            return .conflict("\(subject) would break a uniqueness rule (a profile has at most one order)")
        case "23505":
            return .duplicate(subject)
        case "23503":
            return .notFound("the record \(subject) refers to")
        default:
            return .storage("\(subject): PostgreSQL error \(state)")
        }
    }

    /// Why connecting to `url` failed, without its password (`PostgresURL.description` hides it).
    static func connectionError(_ error: any Error, url: PostgresURL) -> StoreError {
        let error = unwrapped(error)
        if let store = error as? StoreError { return store }
        guard let psql = error as? PSQLError else { return .storage("cannot connect to \(url): \(type(of: error))") }
        return .storage("cannot connect to \(url): \(reason(psql))")
    }

    /// A PSQLError in words that cannot leak a secret: its code, the SQLSTATE of a server error
    /// (with the usual connection refusals spelled out), the kind of an underlying network error.
    static func reason(_ error: PSQLError) -> String {
        if error.code == .server, let state = error.serverInfo?[.sqlState] {
            switch state {
            case "28P01", "28000": return "authentication failed (SQLSTATE \(state))"
            case "3D000": return "the database does not exist (SQLSTATE \(state))"
            case "53300": return "the server has too many connections (SQLSTATE \(state))"
            case "57P03": return "the server is starting up or shutting down (SQLSTATE \(state))"
            default: return "PostgreSQL error \(state)"
            }
        }
        if let underlying = error.underlying {
            // NIO's connection errors name the address and the errno, never credentials.
            if let io = underlying as? IOError { return "\(error.code): \(io.description)" }
            if underlying is NIOConnectionError { return "\(error.code): the server cannot be reached" }
            return "\(error.code) (\(type(of: underlying)))"
        }
        return "\(error.code)"
    }

    /// The error inside postgres-nio's transaction wrapper: the closure's, else COMMIT's, else BEGIN's.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError
            ?? transaction.rollbackError ?? error
    }

    static func sqlState(of error: any Error) -> String? {
        guard let psql = error as? PSQLError, psql.code == .server else { return nil }
        return psql.serverInfo?[.sqlState]
    }
}
