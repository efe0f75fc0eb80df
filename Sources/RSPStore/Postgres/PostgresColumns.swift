import Foundation
import PostgresNIO
import RSPCore

/// How each kind of value is bound to and read from a PostgreSQL column: the conventions of
/// `SQLiteSchema` (identifiers as text, ICCID as `ICCID.paddedDigits`, dates as seconds since the
/// reference date, enums as raw strings, versions as text, features as an integer bitmap), with
/// bytes as BYTEA and dates as DOUBLE PRECISION, which round-trips a `Date` bit for bit. Reading
/// never traps: a value that does not decode throws `CorruptRow`, reported as `.storage`.
enum PostgresColumn {
    typealias CorruptRow = StoredColumn.CorruptRow

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

}

/// Typed, throwing accessors over postgres-nio rows (its name subscript traps on an unknown column).
extension PostgresRandomAccessRow: StoredRow {
    func required<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard contains(column) else { throw PostgresColumn.CorruptRow(column: column) }
        do { return try self[column].decode(Value.self) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func optional<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value?
    where Value._DecodableType == Value {
        guard contains(column) else { throw PostgresColumn.CorruptRow(column: column) }
        do { return try self[column].decode(Value?.self) } catch { throw PostgresColumn.CorruptRow(column: column) }
    }

    func string(_ column: String) throws -> String { try required(column) }
    func optionalString(_ column: String) throws -> String? { try optional(column) }
    func int(_ column: String) throws -> Int { try required(column) }
    func int64(_ column: String) throws -> Int64 { try required(column) }
    func bool(_ column: String) throws -> Bool { try required(column) }
    func double(_ column: String) throws -> Double { try required(column) }
    func optionalDouble(_ column: String) throws -> Double? { try optional(column) }
    func optionalInt64(_ column: String) throws -> Int64? { try optional(column) }
    func bytes(_ column: String) throws -> [UInt8] { Array(try required(column, as: ByteBuffer.self).readableBytesView) }

    func optionalBytes(_ column: String) throws -> [UInt8]? {
        try optional(column, as: ByteBuffer.self).map { Array($0.readableBytesView) }
    }
}
