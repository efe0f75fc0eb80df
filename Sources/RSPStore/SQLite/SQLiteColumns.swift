import Foundation
import GRDB
import RSPCore

/// How each kind of value is written to and read from a column (the conventions listed in
/// `SQLiteSchema`). Reading never traps: a value that does not decode (a NULL where a value is
/// required, a malformed EID…) throws `CorruptRow`, which the store reports as `.storage`.
enum SQLiteColumn {
    /// A stored value that does not decode to its Swift type: the file was edited by hand or
    /// written by an incompatible version. Names the column, never its content.
    struct CorruptRow: Error, CustomStringConvertible {
        let column: String
        var description: String { "column \(column) holds a value that does not decode" }
    }

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

    /// Rebuilds an ICCID from its 20-character EF.ICCID form (`ICCID.paddedDigits`): each byte
    /// is printed low nibble first, so reading the text as hex and swapping the nibbles of each
    /// byte gives the BCD back.
    static func iccid(fromPadded text: String, column: String) throws -> ICCID {
        guard text.utf8.count == 20, let swapped = [UInt8](hex: text) else { throw CorruptRow(column: column) }
        do { return try ICCID(bcd: swapped.map { $0 << 4 | $0 >> 4 }) } catch { throw CorruptRow(column: column) }
    }
}

/// Typed, throwing accessors over GRDB rows (GRDB's subscripts trap on a type mismatch).
extension Row {
    func required<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do { return try decode(Value.self, forColumn: column) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func optional<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        do { return try decode(Value?.self, forColumn: column) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func bytes(_ column: String) throws -> [UInt8] { Array(try required(column, as: Data.self)) }
    func optionalBytes(_ column: String) throws -> [UInt8]? { try optional(column, as: Data.self).map { Array($0) } }

    func date(_ column: String) throws -> Date {
        Date(timeIntervalSinceReferenceDate: try required(column, as: Double.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try optional(column, as: Double.self).map { Date(timeIntervalSinceReferenceDate: $0) }
    }

    func iccid(_ column: String) throws -> ICCID {
        try SQLiteColumn.iccid(fromPadded: try required(column, as: String.self), column: column)
    }

    func optionalICCID(_ column: String) throws -> ICCID? {
        try optional(column, as: String.self).map { try SQLiteColumn.iccid(fromPadded: $0, column: column) }
    }

    func optionalEID(_ column: String) throws -> EID? {
        guard let digits = try optional(column, as: String.self) else { return nil }
        do { return try EID(digits: digits) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func transactionID(_ column: String) throws -> TransactionID {
        do { return try TransactionID(hex: try required(column, as: String.self)) } catch {
            throw SQLiteColumn.CorruptRow(column: column)
        }
    }

    func optionalTransactionID(_ column: String) throws -> TransactionID? {
        guard let hex = try optional(column, as: String.self) else { return nil }
        do { return try TransactionID(hex: hex) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    func optionalOperatorID(_ column: String) throws -> OperatorID? {
        guard let der = try optional(column, as: Data.self) else { return nil }
        do { return try OperatorID(derBytes: Array(der)) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    /// A version as "3.1.0" (`SpecificationVersion.description`).
    func optionalVersion(_ column: String) throws -> SpecificationVersion? {
        guard let text = try optional(column, as: String.self) else { return nil }
        do { return try SpecificationVersion(parsing: text) } catch { throw SQLiteColumn.CorruptRow(column: column) }
    }

    /// A feature list as its bitmap (bit n = feature n, as in its BIT STRING form), kept whole:
    /// bits a later build defines read back unchanged.
    func optionalFeatures(_ column: String) throws -> RSPFeatures? {
        guard let value = try optional(column, as: Int64.self) else { return nil }
        guard let raw = UInt32(exactly: value) else { throw SQLiteColumn.CorruptRow(column: column) }
        return RSPFeatures(rawValue: raw)
    }

    func rawEnum<Value: RawRepresentable<String>>(_ column: String, as type: Value.Type) throws -> Value {
        guard let value = Value(rawValue: try required(column, as: String.self)) else {
            throw SQLiteColumn.CorruptRow(column: column)
        }
        return value
    }
}
