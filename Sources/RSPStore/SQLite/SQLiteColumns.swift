import Foundation
import GRDB
import RSPCore

/// How each kind of value is written to and read from a column (the conventions listed in
/// `SQLiteSchema`). Reading never traps: a value that does not decode (a NULL where a value is
/// required, a malformed EID…) throws `CorruptRow`, which the store reports as `.storage`.
enum SQLiteColumn {
    typealias CorruptRow = StoredColumn.CorruptRow

    static func date(_ date: Date) -> Double { date.timeIntervalSinceReferenceDate }
    static func date(_ date: Date?) -> Double? { date.map(\.timeIntervalSinceReferenceDate) }
    static func blob(_ bytes: [UInt8]) -> Data { Data(bytes) }
    static func blob(_ bytes: [UInt8]?) -> Data? { bytes.map { Data($0) } }
    static func text(_ iccid: ICCID) -> String { iccid.paddedDigits }
    static func text(_ iccid: ICCID?) -> String? { iccid?.paddedDigits }
    static func text(_ eid: EID?) -> String? { eid?.digits }
    static func text(_ transactionId: TransactionID) -> String { transactionId.hex }
    static func text(_ transactionId: TransactionID?) -> String? { transactionId?.hex }
    static func blob(_ owner: OperatorID?) throws -> Data? { try owner.map { Data(try $0.derEncoded()) } }
    static func text(_ version: SpecificationVersion?) -> String? { version?.description }
    static func integer(_ features: RSPFeatures?) -> Int64? { features.map { Int64($0.rawValue) } }

}

/// A GRDB row read through two throwing primitives (GRDB's subscripts trap on a type mismatch);
/// the typed accessors `StoredRow` asks for are written once, below, for every such row.
protocol SQLiteStoredRow: StoredRow {
    func required<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value
    func optional<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value?
}

extension SQLiteStoredRow {
    func required<Value: DatabaseValueConvertible>(_ column: String) throws -> Value { try required(column, as: Value.self) }
    func optional<Value: DatabaseValueConvertible>(_ column: String) throws -> Value? { try optional(column, as: Value.self) }

    func string(_ column: String) throws -> String { try required(column) }
    func optionalString(_ column: String) throws -> String? { try optional(column) }
    func int(_ column: String) throws -> Int { try required(column) }
    func int64(_ column: String) throws -> Int64 { try required(column) }
    func bool(_ column: String) throws -> Bool { try required(column) }
    func double(_ column: String) throws -> Double { try required(column) }
    func optionalDouble(_ column: String) throws -> Double? { try optional(column) }
    func optionalInt64(_ column: String) throws -> Int64? { try optional(column) }
    func bytes(_ column: String) throws -> [UInt8] { Array(try required(column, as: Data.self)) }
    func optionalBytes(_ column: String) throws -> [UInt8]? { try optional(column, as: Data.self).map { Array($0) } }
}

/// Reads by column name: GRDB matches names case-insensitively.
extension Row: SQLiteStoredRow {
    func required<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value {
        do { return try decode(Value.self, forColumn: column) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func optional<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type) throws -> Value? {
        do { return try decode(Value?.self, forColumn: column) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }
}
