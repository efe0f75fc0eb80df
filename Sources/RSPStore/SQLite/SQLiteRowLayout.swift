import GRDB

/// The columns of a record's row, each with how the record's field is stored and whether two
/// records differ there, its key last: the record's INSERT and its UPDATE come from this one list.
///
/// An update sets only the columns whose value changed. SQLite rewrites an index entry whenever
/// an UPDATE's SET names one of the index's columns (or a column of a partial index's WHERE),
/// even when the value is the same: rewriting every column of a session on each ES9+ call put a
/// page of `sessions_by_expiry` in the WAL every time (1.6 of 11.8 WAL frames per download,
/// measured by reading the page numbers of the frames of a benchmark's WAL).
///
/// Fields are compared as the record holds them, and only the changed ones are converted to
/// SQLite values: converting both records whole (a `Data` per blob, a `String` per identifier)
/// cost 62 mallocs per in-process download (`perf stat -e probe_libc:malloc`, a 1000-download
/// bench minus a 0-download one: 4152 → 4090).
struct SQLiteRowLayout<Record>: Sendable {
    struct Column: Sendable {
        let name: String
        /// The field as SQLite stores it (nil: NULL).
        let value: @Sendable (Record) -> (any DatabaseValueConvertible)?
        let differs: @Sendable (Record, Record) -> Bool

        /// The column of the field at `path`, stored as `store` makes it. Equal fields store
        /// equal values, so two records whose fields are equal need no write of this column.
        static func field<Field: Equatable & Sendable>(
            _ name: String, _ path: KeyPath<Record, Field> & Sendable,
            _ store: @escaping @Sendable (Field) -> (any DatabaseValueConvertible)?
        ) -> Column {
            Column(
                name: name, value: { store($0[keyPath: path]) },
                differs: { $0[keyPath: path] != $1[keyPath: path] })
        }
    }

    let table: String
    /// Every column but the key.
    let columns: [Column]
    let key: Column

    /// `INSERT INTO table (columns…, key) VALUES (?, …)`.
    var insertSQL: String {
        let names = (columns + [key]).map(\.name)
        return "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// The arguments of `insertSQL`: every column's value, the key last.
    func arguments(_ record: Record) -> StatementArguments {
        Self.arguments(columns + [key], of: record)
    }

    /// Writes the columns whose field differs between `original` and `edited` to the row named by
    /// `edited`'s key; writes nothing when no column changed.
    func update(_ db: Database, from original: Record, to edited: Record) throws {
        let changed = columns.filter { $0.differs(original, edited) }
        if changed.isEmpty { return }
        let assignments = changed.map { "\($0.name) = ?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "UPDATE \(table) SET \(assignments) WHERE \(key.name) = ?")
        try statement.execute(arguments: Self.arguments(changed + [key], of: edited))
    }

    /// `columns`' values of `record`, in order, NULL for nil. Typed: handed an untyped array,
    /// `Statement.execute(arguments:)` (whose argument is optional) takes GRDB's failable
    /// `init?([Any])`, which fails on a NULL and leaves the statement's previous arguments bound.
    private static func arguments(_ columns: [Column], of record: Record) -> StatementArguments {
        let values: [DatabaseValue] = columns.map { $0.value(record)?.databaseValue ?? .null }
        return StatementArguments(values)
    }
}
