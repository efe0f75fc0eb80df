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
/// bench minus a 0-download one: 4152 → 4090). The values are bound by `SQLiteValue`, not GRDB.
struct SQLiteRowLayout<Record>: Sendable {
    struct Column: Sendable {
        let name: String
        /// The field as SQLite stores it.
        let value: @Sendable (Record) -> SQLiteValue
        let differs: @Sendable (Record, Record) -> Bool

        /// The column of the field `field` reads (a key path literal will do), stored as `store`
        /// makes it. Equal fields store equal values, so two records whose fields are equal need
        /// no write of this column.
        static func field<Field: Equatable & Sendable>(
            _ name: String, _ field: @escaping @Sendable (Record) -> Field,
            _ store: @escaping @Sendable (Field) -> SQLiteValue
        ) -> Column {
            Column(name: name, value: { store(field($0)) }, differs: { field($0) != field($1) })
        }
    }

    let table: String
    /// Every column but the key.
    let columns: [Column]
    let key: Column
    /// `INSERT INTO table (columns…, key) VALUES (?, …)`.
    let insertSQL: String

    init(table: String, columns: [Column], key: Column) {
        self.table = table
        self.columns = columns
        self.key = key
        let names = (columns + [key]).map(\.name)
        insertSQL = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// Inserts `record` as a new row.
    func insert(_ db: Database, _ record: Record) throws {
        try SQLiteValue.execute(db, sql: insertSQL, values: values(record))
    }

    /// Every column's value of `record`, the key last (the parameters of `insertSQL`).
    func values(_ record: Record) -> [SQLiteValue] {
        (columns + [key]).map { $0.value(record) }
    }

    /// Writes the columns whose field differs between `original` and `edited` to the row named by
    /// `edited`'s key; writes nothing when no column changed.
    func update(_ db: Database, from original: Record, to edited: Record) throws {
        let changed = columns.filter { $0.differs(original, edited) }
        if changed.isEmpty { return }
        let assignments = changed.map { "\($0.name) = ?" }.joined(separator: ", ")
        try SQLiteValue.execute(
            db, sql: "UPDATE \(table) SET \(assignments) WHERE \(key.name) = ?", values: (changed + [key]).map { $0.value(edited) })
    }
}
