import GRDB

/// The columns of a record's row, in the order of its values, its key last: the record's INSERT
/// and its UPDATE come from this one list.
///
/// An update sets only the columns whose value changed. SQLite rewrites an index entry whenever
/// an UPDATE's SET names one of the index's columns (or a column of a partial index's WHERE),
/// even when the value is the same: rewriting every column of a session on each ES9+ call put a
/// page of `sessions_by_expiry` in the WAL every time (1.6 of 11.8 WAL frames per download,
/// measured by reading the page numbers of the frames of a benchmark's WAL).
struct SQLiteRowLayout: Sendable {
    let table: String
    /// Every column but the key, in the order of the record's values.
    let columns: [String]
    let key: String

    /// `INSERT INTO table (columns…, key) VALUES (?, …)`.
    var insertSQL: String {
        let names = columns + [key]
        return "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// Writes the columns of `edited` that differ from `original` to the row named by `edited`'s
    /// key (the last value); writes nothing when no column changed.
    ///
    /// - Parameters: `original` and `edited` are the record's values in `columns` order, key last.
    func update(_ db: Database, from original: [DatabaseValue], to edited: [DatabaseValue]) throws {
        precondition(original.count == columns.count + 1 && edited.count == columns.count + 1, "values do not match the layout of \(table)")
        let changed = columns.indices.filter { original[$0] != edited[$0] }
        if changed.isEmpty { return }
        let assignments = changed.map { "\(columns[$0]) = ?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "UPDATE \(table) SET \(assignments) WHERE \(key) = ?")
        try statement.execute(arguments: StatementArguments(changed.map { edited[$0] } + [edited[columns.count]]))
    }
}

extension Array where Element == (any DatabaseValueConvertible)? {
    /// The values as SQLite stores them, NULL for nil: what `SQLiteRowLayout.update` compares.
    var databaseValues: [DatabaseValue] { map { $0?.databaseValue ?? .null } }
}
