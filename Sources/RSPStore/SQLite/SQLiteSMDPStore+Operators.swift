import Foundation
import GRDB
import RSPCore

/// Operators (ES2+ callers) and the first outcome of each of their calls (idempotency).
///
/// Statements are prepared once per connection (`cachedStatement`): an operator is looked up on
/// every ES2+ call and every progress report, and recompiling constant SQL each time was measurable.
extension SQLiteSMDPStore {
    public func insertOperator(_ record: OperatorRecord) async throws {
        try await database.write("operator \(record.name)") { db in
            guard try Self.fetchOperator(db, name: record.name) == nil else {
                throw StoreError.duplicate("operator \(record.name)")
            }
            guard try Self.fetchOperator(db, fingerprint: record.certificateFingerprint) == nil else {
                throw StoreError.duplicate("operator certificate of \(record.name)")
            }
            try db.cachedStatement(sql: OperatorRecord.insertSQL).execute(arguments: try record.arguments())
        }
    }

    public func updateOperator(_ record: OperatorRecord) async throws {
        try await database.write("operator \(record.name)") { db in
            guard try Self.fetchOperator(db, name: record.name) != nil else {
                throw StoreError.notFound("operator \(record.name)")
            }
            if let other = try Self.fetchOperator(db, fingerprint: record.certificateFingerprint), other.name != record.name {
                throw StoreError.duplicate("operator certificate of \(record.name)")
            }
            try db.cachedStatement(sql: OperatorRecord.updateSQL).execute(arguments: try record.arguments())
        }
    }

    public func operatorRecord(name: String) async throws -> OperatorRecord? {
        try await database.read("operator \(name)") { db in try Self.fetchOperator(db, name: name) }
    }

    public func operatorRecord(certificateFingerprint: [UInt8]) async throws -> OperatorRecord? {
        try await database.read("operator by certificate") { db in
            try Self.fetchOperator(db, fingerprint: certificateFingerprint)
        }
    }

    public func operators() async throws -> [OperatorRecord] {
        try await database.read("operators") { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM operators ORDER BY name"), arguments: [])
                .map(OperatorRecord.init(row:))
        }
    }

    public func functionCall(requester: String, function: String, callId: String) async throws -> FunctionCallRecord? {
        try await database.read("function call \(callId)") { db in
            try Self.fetchFunctionCall(db, requester: requester, function: function, callId: callId)
        }
    }

    /// INSERT OR IGNORE then read back: whichever of two racing callers committed first wins.
    public func recordFunctionCall(_ record: FunctionCallRecord) async throws -> FunctionCallRecord {
        try await database.write("function call \(record.callId)") { db in
            try Self.insertFunctionCall(db, record)
            return try Self.fetchFunctionCall(db, requester: record.requester, function: record.function, callId: record.callId)
                ?? record
        }
    }

    /// Applies an ES2+ call's `recording` to `order` inside the caller's write transaction. The
    /// check and the insert cannot be split by another writer: the transaction holds the write
    /// lock (`BEGIN IMMEDIATE`).
    static func apply(_ recording: FunctionCallRecording?, to order: OrderRecord, _ db: Database) throws {
        guard let recording else { return }
        let key = recording.key
        let arguments: StatementArguments = [key.requester, key.function, key.callId]
        switch recording {
        case .forget:
            try db.cachedStatement(sql: "DELETE FROM function_calls WHERE requester = ? AND function = ? AND call_id = ?")
                .execute(arguments: arguments)
        case .record:
            guard try fetchFunctionCall(db, requester: key.requester, function: key.function, callId: key.callId) == nil else {
                throw SQLiteErrorMapping.ChangeRefused(error: FunctionCallAlreadyRecorded(key: key))
            }
            let record: FunctionCallRecord?
            do { record = try recording.record(for: order) } catch { throw SQLiteErrorMapping.ChangeRefused(error: error) }
            if let record { try insertFunctionCall(db, record) }
        }
    }

    /// Ignores a call already recorded: the first record stays.
    static func insertFunctionCall(_ db: Database, _ record: FunctionCallRecord) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO function_calls (requester, function, call_id, request_hash, outcome, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.requester, record.function, record.callId, SQLiteColumn.blob(record.requestHash),
                SQLiteColumn.blob(record.outcome), SQLiteColumn.date(record.createdAt)])
    }

    static func fetchOperator(_ db: Database, name: String) throws -> OperatorRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM operators WHERE name = ?"), arguments: [name])
            .map(OperatorRecord.init(row:))
    }

    static func fetchOperator(_ db: Database, fingerprint: [UInt8]) throws -> OperatorRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM operators WHERE certificate_fingerprint = ?"),
                         arguments: [SQLiteColumn.blob(fingerprint)]).map(OperatorRecord.init(row:))
    }

    static func fetchFunctionCall(_ db: Database, requester: String, function: String, callId: String) throws -> FunctionCallRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM function_calls WHERE requester = ? AND function = ? AND call_id = ?"),
            arguments: [requester, function, callId]
        ).map { row in
            FunctionCallRecord(
                requester: try row.required("requester"), function: try row.required("function"),
                callId: try row.required("call_id"), requestHash: try row.bytes("request_hash"),
                outcome: try row.bytes("outcome"), createdAt: try row.date("created_at"))
        }
    }
}

/// `OperatorRecord` ↔ a row of `operators`; the identifier lists as JSON arrays of strings.
extension OperatorRecord {
    static let insertSQL = """
        INSERT INTO operators (po_ids, profile_types, certificate_fingerprint, callback_url, created_at, name)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    static let updateSQL = """
        UPDATE operators SET po_ids = ?, profile_types = ?, certificate_fingerprint = ?, callback_url = ?, created_at = ?
        WHERE name = ?
        """

    func arguments() throws -> StatementArguments {
        [try Self.json(poIds), try Self.json(profileTypes), SQLiteColumn.blob(certificateFingerprint), callbackURL,
         SQLiteColumn.date(createdAt), name]
    }

    init(row: Row) throws {
        self.init(
            name: try row.required("name"), poIds: try Self.list(row, "po_ids"),
            profileTypes: try Self.list(row, "profile_types"),
            certificateFingerprint: try row.bytes("certificate_fingerprint"),
            callbackURL: try row.optional("callback_url"), createdAt: try row.date("created_at"))
    }

    static func json(_ list: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
    }

    static func list(_ row: Row, _ column: String) throws -> [String] {
        let text: String = try row.required(column)
        guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw SQLiteColumn.CorruptRow(column: column)
        }
        return list
    }
}
