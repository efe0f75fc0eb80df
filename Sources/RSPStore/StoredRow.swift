import Foundation
import RSPCore

/// A row of either database, read by the column conventions both schemas share (listed in
/// `SQLiteSchema`): each record is read by one initialiser, whichever store it comes from. A
/// database supplies the primitive reads; the conventions (ICCID as its padded EF.ICCID text,
/// dates as seconds since the reference date, …) live here once.
///
/// Reading never traps: a value that does not decode (a NULL where a value is required, a
/// malformed EID…) throws `StoredColumn.CorruptRow`, which the stores report as `.storage`.
protocol StoredRow {
    func string(_ column: String) throws -> String
    func optionalString(_ column: String) throws -> String?
    func int(_ column: String) throws -> Int
    func int64(_ column: String) throws -> Int64
    func bool(_ column: String) throws -> Bool
    func double(_ column: String) throws -> Double
    func optionalDouble(_ column: String) throws -> Double?
    func optionalInt64(_ column: String) throws -> Int64?
    func bytes(_ column: String) throws -> [UInt8]
    func optionalBytes(_ column: String) throws -> [UInt8]?
}

enum StoredColumn {
    /// A stored value that does not decode to its Swift type: edited by hand, or written by an
    /// incompatible version. Names the column, never its content.
    struct CorruptRow: Error, CustomStringConvertible {
        let column: String
        var description: String { "column \(column) holds a value that does not decode" }
    }

    /// Rebuilds an ICCID from its 20-character EF.ICCID form (`ICCID.paddedDigits`): each byte
    /// is printed low nibble first, so reading the text as hex and swapping the nibbles of each
    /// byte gives the BCD back.
    static func iccid(fromPadded text: String, column: String) throws -> ICCID {
        guard text.utf8.count == 20, let swapped = [UInt8](hex: text) else { throw CorruptRow(column: column) }
        do { return try ICCID(bcd: swapped.map { $0 << 4 | $0 >> 4 }) } catch { throw CorruptRow(column: column) }
    }
}

extension StoredRow {
    func date(_ column: String) throws -> Date { Date(timeIntervalSinceReferenceDate: try double(column)) }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalDouble(column).map { Date(timeIntervalSinceReferenceDate: $0) }
    }

    func iccid(_ column: String) throws -> ICCID { try StoredColumn.iccid(fromPadded: try string(column), column: column) }

    func optionalICCID(_ column: String) throws -> ICCID? {
        try optionalString(column).map { try StoredColumn.iccid(fromPadded: $0, column: column) }
    }

    func eid(_ column: String) throws -> EID {
        guard let eid = try optionalEID(column) else { throw StoredColumn.CorruptRow(column: column) }
        return eid
    }

    func optionalEID(_ column: String) throws -> EID? {
        guard let digits = try optionalString(column) else { return nil }
        do { return try EID(digits: digits) } catch { throw StoredColumn.CorruptRow(column: column) }
    }

    func transactionID(_ column: String) throws -> TransactionID {
        do { return try TransactionID(hex: try string(column)) } catch { throw StoredColumn.CorruptRow(column: column) }
    }

    func optionalTransactionID(_ column: String) throws -> TransactionID? {
        guard let hex = try optionalString(column) else { return nil }
        do { return try TransactionID(hex: hex) } catch { throw StoredColumn.CorruptRow(column: column) }
    }

    func optionalOperatorID(_ column: String) throws -> OperatorID? {
        guard let der = try optionalBytes(column) else { return nil }
        do { return try OperatorID(derBytes: der) } catch { throw StoredColumn.CorruptRow(column: column) }
    }

    /// A version as "3.1.0" (`SpecificationVersion.description`).
    func optionalVersion(_ column: String) throws -> SpecificationVersion? {
        guard let text = try optionalString(column) else { return nil }
        do { return try SpecificationVersion(parsing: text) } catch { throw StoredColumn.CorruptRow(column: column) }
    }

    /// A feature list as its bitmap (bit n = feature n, as in its BIT STRING form), kept whole:
    /// bits a later build defines read back unchanged.
    func optionalFeatures(_ column: String) throws -> RSPFeatures? {
        guard let value = try optionalInt64(column) else { return nil }
        guard let raw = UInt32(exactly: value) else { throw StoredColumn.CorruptRow(column: column) }
        return RSPFeatures(rawValue: raw)
    }

    func rawEnum<Value: RawRepresentable<String>>(_ column: String, as type: Value.Type) throws -> Value {
        guard let value = Value(rawValue: try string(column)) else { throw StoredColumn.CorruptRow(column: column) }
        return value
    }
}
