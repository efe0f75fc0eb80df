import GRDB

/// Turns what a database access threw into the store's vocabulary (`StoreError`), so callers
/// never see SQL, GRDB types or row contents.
enum SQLiteErrorMapping {
    /// An error thrown by the caller's `change` closure inside `updateSession`, carried through
    /// the transaction (which it rolls back) so that it is rethrown unchanged, never translated.
    struct ChangeRefused: Error {
        let error: any Error
    }

    /// - Parameter subject: what was being written ("profile 8949…", "session 0A1B…"), used in
    ///   the message of a constraint violation.
    static func storeError(_ error: any Error, subject: String) -> any Error {
        switch error {
        case let refused as ChangeRefused:
            return refused.error
        case is StoreError, is CancellationError:
            return error
        case let database as DatabaseError:
            return storeError(database, subject: subject)
        case let corrupt as SQLiteColumn.CorruptRow:
            return StoreError.storage("\(subject): \(corrupt)")
        default:
            return StoreError.storage("\(subject): \(type(of: error))")
        }
    }

    /// Constraint violations are the schema's own refusals: a taken primary key is a duplicate,
    /// a second order for one profile (UNIQUE orders.iccid) a conflict, an order for an unknown
    /// profile (foreign key) a missing record. Anything else is a storage failure, described by
    /// its SQLite result code only (the message can quote SQL).
    static func storeError(_ error: DatabaseError, subject: String) -> StoreError {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY:
            .duplicate(subject)
        case .SQLITE_CONSTRAINT_UNIQUE:
            .conflict("\(subject) would break a uniqueness rule (a profile has at most one order)")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            .notFound("the record \(subject) refers to")
        default:
            .storage("\(subject): SQLite error \(error.extendedResultCode)")
        }
    }
}
