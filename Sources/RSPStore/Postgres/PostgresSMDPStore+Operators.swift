import Foundation
import PostgresNIO
import RSPCore

/// Operators (ES2+ callers) and the first outcome of each of their calls (idempotency).
extension PostgresSMDPStore {
    /// The checks name the rule that refused; should another node insert the same operator
    /// between them and the insert, the table's keys refuse it as a duplicate all the same.
    public func insertOperator(_ record: OperatorRecord) async throws {
        try await database.write("operator \(record.name)") { transaction in
            guard try await Self.fetchOperator(transaction, name: record.name) == nil else {
                throw StoreError.duplicate("operator \(record.name)")
            }
            guard try await Self.fetchOperator(transaction, fingerprint: record.certificateFingerprint) == nil else {
                throw StoreError.duplicate("operator certificate of \(record.name)")
            }
            try await transaction.execute(record.postgresInsert)
        }
    }

    public func updateOperator(_ record: OperatorRecord) async throws {
        try await database.write("operator \(record.name)") { transaction in
            guard try await Self.fetchOperator(transaction, name: record.name, lock: true) != nil else {
                throw StoreError.notFound("operator \(record.name)")
            }
            if let other = try await Self.fetchOperator(transaction, fingerprint: record.certificateFingerprint),
               other.name != record.name {
                throw StoreError.duplicate("operator certificate of \(record.name)")
            }
            try await transaction.execute(record.postgresUpdate)
        }
    }

    public func operatorRecord(name: String) async throws -> OperatorRecord? {
        try await database.statement("operator \(name)") { transaction in
            try await Self.fetchOperator(transaction, name: name)
        }
    }

    public func operatorRecord(certificateFingerprint: [UInt8]) async throws -> OperatorRecord? {
        try await database.statement("operator by certificate") { transaction in
            try await Self.fetchOperator(transaction, fingerprint: certificateFingerprint)
        }
    }

    public func operators() async throws -> [OperatorRecord] {
        try await database.statement("operators") { transaction in
            try await transaction.rows("SELECT * FROM operators ORDER BY name").map(OperatorRecord.init(row:))
        }
    }

    public func functionCall(requester: String, function: String, callId: String) async throws -> FunctionCallRecord? {
        try await database.statement("function call \(callId)") { transaction in
            try await Self.fetchFunctionCall(transaction, requester: requester, function: function, callId: callId)
        }
    }

    /// Inserts unless a row exists (a competitor's uncommitted insert of the same key is waited
    /// for), then reads back: whichever of two racing callers committed first wins.
    public func recordFunctionCall(_ record: FunctionCallRecord) async throws -> FunctionCallRecord {
        try await database.write("function call \(record.callId)") { transaction in
            _ = try await Self.insertFunctionCall(transaction, record)
            return try await Self.fetchFunctionCall(
                transaction, requester: record.requester, function: record.function, callId: record.callId) ?? record
        }
    }

    /// Applies an ES2+ call's `recording` to `order` inside the caller's transaction. Of two
    /// transactions inserting one call, the second waits for the first (the primary key's lock)
    /// and then inserts nothing: it is refused, and rolled back whole.
    static func apply(_ recording: FunctionCallRecording?, to order: OrderRecord, _ transaction: PostgresTransaction) async throws {
        guard let recording else { return }
        let key = recording.key
        switch recording {
        case .forget:
            try await transaction.execute("""
                DELETE FROM function_calls
                WHERE requester = \(key.requester) AND function = \(key.function) AND call_id = \(key.callId)
                """)
        case .record:
            let record: FunctionCallRecord?
            do { record = try recording.record(for: order) } catch { throw PostgresErrorMapping.ChangeRefused(error: error) }
            guard let record, try await insertFunctionCall(transaction, record) else {
                throw PostgresErrorMapping.ChangeRefused(error: FunctionCallAlreadyRecorded(key: key))
            }
        }
    }

    /// Inserts `record` unless its call is recorded already (the first record stays); true if it was inserted.
    static func insertFunctionCall(_ transaction: PostgresTransaction, _ record: FunctionCallRecord) async throws -> Bool {
        try await transaction.row("""
            INSERT INTO function_calls (requester, function, call_id, request_hash, outcome, created_at)
            VALUES (\(record.requester), \(record.function), \(record.callId), \(PostgresColumn.bytes(record.requestHash)),
                    \(PostgresColumn.bytes(record.outcome)), \(PostgresColumn.date(record.createdAt)))
            ON CONFLICT DO NOTHING
            RETURNING call_id
            """) != nil
    }

    static func fetchOperator(_ transaction: PostgresTransaction, name: String, lock: Bool = false) async throws -> OperatorRecord? {
        let row = lock
            ? try await transaction.row("SELECT * FROM operators WHERE name = \(name) FOR UPDATE")
            : try await transaction.row("SELECT * FROM operators WHERE name = \(name)")
        return try row.map(OperatorRecord.init(row:))
    }

    static func fetchOperator(_ transaction: PostgresTransaction, fingerprint: [UInt8]) async throws -> OperatorRecord? {
        try await transaction.row(
            "SELECT * FROM operators WHERE certificate_fingerprint = \(PostgresColumn.bytes(fingerprint))"
        ).map(OperatorRecord.init(row:))
    }

    static func fetchFunctionCall(
        _ transaction: PostgresTransaction, requester: String, function: String, callId: String
    ) async throws -> FunctionCallRecord? {
        try await transaction.row("""
            SELECT * FROM function_calls WHERE requester = \(requester) AND function = \(function) AND call_id = \(callId)
            """).map { row in
            FunctionCallRecord(
                requester: try row.required("requester"), function: try row.required("function"),
                callId: try row.required("call_id"), requestHash: try row.bytes("request_hash"),
                outcome: try row.bytes("outcome"), createdAt: try row.date("created_at"))
        }
    }
}

/// `OperatorRecord` ↔ a row of `operators`; the identifier lists as TEXT[].
extension OperatorRecord {
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO operators (name, po_ids, profile_types, certificate_fingerprint, callback_url, created_at)
        VALUES (\(name), \(poIds), \(profileTypes), \(PostgresColumn.bytes(certificateFingerprint)), \(callbackURL),
                \(PostgresColumn.date(createdAt)))
        """
    }

    var postgresUpdate: PostgresQuery {
        """
        UPDATE operators SET po_ids = \(poIds), profile_types = \(profileTypes),
            certificate_fingerprint = \(PostgresColumn.bytes(certificateFingerprint)), callback_url = \(callbackURL),
            created_at = \(PostgresColumn.date(createdAt))
        WHERE name = \(name)
        """
    }

    init(row: PostgresRandomAccessRow) throws {
        self.init(
            name: try row.required("name"), poIds: try row.required("po_ids", as: [String].self),
            profileTypes: try row.required("profile_types", as: [String].self),
            certificateFingerprint: try row.bytes("certificate_fingerprint"),
            callbackURL: try row.optional("callback_url"), createdAt: try row.date("created_at"))
    }
}
