import Foundation
import PostgresNIO
import RSPCore

/// How each kind of value is bound to and read from a PostgreSQL column: the conventions of
/// `SQLiteSchema` (identifiers as text, ICCID as `ICCID.paddedDigits`, dates as seconds since the
/// reference date, enums as raw strings, versions as text, features as an integer bitmap), with
/// bytes as BYTEA and dates as DOUBLE PRECISION, which round-trips a `Date` bit for bit. Reading
/// never traps: a value that does not decode throws `CorruptRow`, reported as `.storage`.
enum PostgresColumn {
    /// A stored value that does not decode to its Swift type (edited by hand, or written by an
    /// incompatible version). Names the column, never its content.
    struct CorruptRow: Error, CustomStringConvertible {
        let column: String
        var description: String { "column \(column) holds a value that does not decode" }
    }

    static func date(_ date: Date) -> Double { date.timeIntervalSinceReferenceDate }
    static func date(_ date: Date?) -> Double? { date.map(\.timeIntervalSinceReferenceDate) }
    /// Bytes go out as a `ByteBuffer`: postgres-nio would send a `[UInt8]` as an array of "char".
    static func bytes(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }
    static func bytes(_ bytes: [UInt8]?) -> ByteBuffer? { bytes.map { ByteBuffer(bytes: $0) } }
    static func bytes(_ owner: OperatorID?) throws -> ByteBuffer? { try owner.map { ByteBuffer(bytes: try $0.derEncoded()) } }
    static func text(_ iccid: ICCID) -> String { iccid.paddedDigits }
    static func text(_ iccid: ICCID?) -> String? { iccid?.paddedDigits }
    static func text(_ eid: EID) -> String { eid.digits }
    static func text(_ eid: EID?) -> String? { eid?.digits }
    static func text(_ transactionId: TransactionID) -> String { transactionId.hex }
    static func text(_ transactionId: TransactionID?) -> String? { transactionId?.hex }
    static func text(_ version: SpecificationVersion?) -> String? { version?.description }
    static func integer(_ features: RSPFeatures?) -> Int64? { features.map { Int64($0.rawValue) } }

    /// Rebuilds an ICCID from its 20-character EF.ICCID form: each byte is printed low nibble
    /// first, so reading the text as hex and swapping the nibbles of each byte gives the BCD back.
    static func iccid(fromPadded text: String, column: String) throws -> ICCID {
        guard text.utf8.count == 20, let swapped = [UInt8](hex: text) else { throw CorruptRow(column: column) }
        do { return try ICCID(bcd: swapped.map { $0 << 4 | $0 >> 4 }) } catch { throw CorruptRow(column: column) }
    }
}

/// Typed, throwing accessors over postgres-nio rows (its name subscript traps on an unknown column).
extension PostgresRandomAccessRow {
    func required<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard contains(column) else { throw PostgresColumn.CorruptRow(column: column) }
        do { return try self[column].decode(Value.self) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func optional<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value?
    where Value._DecodableType == Value {
        guard contains(column) else { throw PostgresColumn.CorruptRow(column: column) }
        do { return try self[column].decode(Value?.self) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func bytes(_ column: String) throws -> [UInt8] { Array(try required(column, as: ByteBuffer.self).readableBytesView) }

    func optionalBytes(_ column: String) throws -> [UInt8]? {
        try optional(column, as: ByteBuffer.self).map { Array($0.readableBytesView) }
    }

    func date(_ column: String) throws -> Date { Date(timeIntervalSinceReferenceDate: try required(column, as: Double.self)) }

    func optionalDate(_ column: String) throws -> Date? {
        try optional(column, as: Double.self).map { Date(timeIntervalSinceReferenceDate: $0) }
    }

    func iccid(_ column: String) throws -> ICCID {
        try PostgresColumn.iccid(fromPadded: try required(column, as: String.self), column: column)
    }

    func optionalICCID(_ column: String) throws -> ICCID? {
        try optional(column, as: String.self).map { try PostgresColumn.iccid(fromPadded: $0, column: column) }
    }

    func eid(_ column: String) throws -> EID {
        guard let eid = try optionalEID(column) else { throw PostgresColumn.CorruptRow(column: column) }
        return eid
    }

    func optionalEID(_ column: String) throws -> EID? {
        guard let digits = try optional(column, as: String.self) else { return nil }
        do { return try EID(digits: digits) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func transactionID(_ column: String) throws -> TransactionID {
        do { return try TransactionID(hex: try required(column, as: String.self)) } catch {
            throw PostgresColumn.CorruptRow(column: column)
        }
    }

    func optionalTransactionID(_ column: String) throws -> TransactionID? {
        guard let hex = try optional(column, as: String.self) else { return nil }
        do { return try TransactionID(hex: hex) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func optionalOperatorID(_ column: String) throws -> OperatorID? {
        guard let der = try optionalBytes(column) else { return nil }
        do { return try OperatorID(derBytes: der) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    /// A version as "3.1.0" (`SpecificationVersion.description`).
    func optionalVersion(_ column: String) throws -> SpecificationVersion? {
        guard let text = try optional(column, as: String.self) else { return nil }
        do { return try SpecificationVersion(parsing: text) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    /// A feature list as its bitmap, kept whole: bits a later build defines read back unchanged.
    func optionalFeatures(_ column: String) throws -> RSPFeatures? {
        guard let value = try optional(column, as: Int64.self) else { return nil }
        guard let raw = UInt32(exactly: value) else { throw PostgresColumn.CorruptRow(column: column) }
        return RSPFeatures(rawValue: raw)
    }

    func rawEnum<Value: RawRepresentable<String>>(_ column: String, as type: Value.Type) throws -> Value {
        guard let value = Value(rawValue: try required(column, as: String.self)) else {
            throw PostgresColumn.CorruptRow(column: column)
        }
        return value
    }
}
