import SwiftASN1

/// A value decoded from its DER bytes through `DERReader`, without swift-asn1's tree of nodes.
///
/// `DER.parse` builds a node for every nested TLV before a decoder sees the first element. The
/// messages that carry certificates, which OpenRSP keeps as their DER bytes, paid for a node per
/// TLV of each certificate on every decode: two thirds of the 17 µs an AuthenticateServerResponse
/// took. A `DERReadable` type reads its elements as TLVs of a value checked well-formed once
/// (`DERStructure`, no allocation); only an element decoded field by field whose type is not
/// `DERReadable` goes through swift-asn1, on its own bytes.
///
/// The `ASN1Node` form (`init(derEncoded:withIdentifier:)`) reads the node's bytes the same way,
/// so a type has one decoder whichever way it is reached.
public protocol DERReadable: DERImplicitlyTaggable {
    /// Decodes the value from `tlv`, a well-formed TLV of `bytes`, which must be tagged `identifier`.
    init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws
}

extension DERReadable {
    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        let bytes = Array(node.encodedBytes)
        try self.init(derTLV: try DERStructure.validateSingle(bytes), in: bytes, withIdentifier: identifier)
    }
}

/// The elements of one constructed DER value, read in order from the bytes it was received in.
///
/// It accepts and refuses what the swift-asn1 decoders do (`DER.sequence`, `DER.explicitlyTagged`,
/// `DER.optionalImplicitlyTagged`), with the same `ASN1Error` kinds.
public struct DERReader {
    /// The bytes the value lies in; element TLVs index into them.
    public let bytes: [UInt8]
    private var index: Int
    private let end: Int

    /// The elements of `tlv`, a well-formed TLV of `bytes`, which must be constructed and tagged `identifier`.
    public init(_ tlv: DERStructure.TLV, in bytes: [UInt8], identifier: ASN1Identifier) throws {
        try Self.checkExtent(of: tlv, in: bytes)
        guard tlv.identifier == identifier, tlv.constructed else {
            throw ASN1Error.unexpectedFieldType(tlv.identifier)
        }
        self.bytes = bytes
        self.index = tlv.contentStart
        self.end = tlv.end
    }

    /// The next element without consuming it, nil after the last.
    public func peek() throws -> DERStructure.TLV? {
        guard index < end else { return nil }
        return try bytes.withUnsafeBufferPointer { try DERStructure.header($0, at: index, limit: end) }
    }

    /// The next element, nil after the last.
    public mutating func next() throws -> DERStructure.TLV? {
        guard let tlv = try peek() else { return nil }
        index = tlv.end
        return tlv
    }

    /// The next element, or a decode error naming the missing field.
    public mutating func required(_ field: String) throws -> DERStructure.TLV {
        guard let tlv = try next() else { throw ASN1Error.invalidASN1Object(reason: "missing \(field)") }
        return tlv
    }

    /// The next element decoded as `T` tagged `identifier`.
    public mutating func decode<T: DERImplicitlyTaggable>(
        _ type: T.Type, identifier: ASN1Identifier = T.defaultIdentifier, field: String
    ) throws -> T {
        try Self.value(T.self, from: try required(field), in: bytes, identifier: identifier)
    }

    /// The next element decoded as `T`, a type that tells its alternatives by their tags (a CHOICE).
    public mutating func decodeChoice<T: DERParseable>(_ type: T.Type, field: String) throws -> T {
        let tlv = try required(field)
        return try T(derEncoded: try DER.parse(bytes[tlv.start..<tlv.end]))
    }

    /// The next element decoded as `T` if it is tagged `identifier`; nil (nothing consumed) otherwise.
    public mutating func optional<T: DERImplicitlyTaggable>(
        _ type: T.Type, identifier: ASN1Identifier = T.defaultIdentifier
    ) throws -> T? {
        guard let tlv = try peek(), tlv.identifier == identifier else { return nil }
        index = tlv.end
        return try Self.value(T.self, from: tlv, in: bytes, identifier: identifier)
    }

    /// The elements of the next element, which must be constructed and tagged `identifier`.
    public mutating func nested(_ identifier: ASN1Identifier, field: String) throws -> DERReader {
        try DERReader(try required(field), in: bytes, identifier: identifier)
    }

    /// The elements of the next element if it is tagged `identifier`; nil (nothing consumed) otherwise.
    public mutating func optionalNested(_ identifier: ASN1Identifier) throws -> DERReader? {
        guard let tlv = try peek(), tlv.identifier == identifier else { return nil }
        index = tlv.end
        return try DERReader(tlv, in: bytes, identifier: identifier)
    }

    /// The only element of an explicit tag, as `DER.explicitlyTagged` requires it: exactly one.
    public mutating func single(_ field: String) throws -> DERStructure.TLV {
        let tlv = try required(field)
        guard try next() == nil else {
            throw ASN1Error.invalidASN1Object(reason: "Invalid number of child nodes for explicit tag of \(field)")
        }
        return tlv
    }

    /// Consumes the elements after the last known one: SGP.22 is `EXTENSIBILITY IMPLIED` (as
    /// `ASN1NodeCollection.Iterator.skipExtensions()`). They were checked well-formed with the value.
    public mutating func skipExtensions() {
        index = end
    }

    /// `T` from `tlv` of `bytes`: read by `T` itself when it is `DERReadable`, otherwise through
    /// swift-asn1 on those bytes alone.
    public static func value<T: DERImplicitlyTaggable>(
        _ type: T.Type, from tlv: DERStructure.TLV, in bytes: [UInt8], identifier: ASN1Identifier
    ) throws -> T {
        try checkExtent(of: tlv, in: bytes)
        if let value = try read(T.self, from: tlv, in: bytes, identifier: identifier) { return value }
        return try T(derEncoded: try DER.parse(bytes[tlv.start..<tlv.end]), withIdentifier: identifier)
    }

    /// `T` from all of `bytes` (one TLV, nothing after it) when `T` is `DERReadable`; nil when it is not.
    static func read<T>(_ type: T.Type, filling bytes: [UInt8]) throws -> T? {
        guard let readable = T.self as? any DERReadable.Type else { return nil }
        return try read(readable, as: T.self, from: try DERStructure.validateSingle(bytes), in: bytes, identifier: nil)
    }

    /// `T` read from `tlv` by its `DERReadable` decoder (tagged `identifier`, by default its own); nil
    /// when `T` is not `DERReadable`.
    private static func read<T>(
        _ type: T.Type, from tlv: DERStructure.TLV, in bytes: [UInt8], identifier: ASN1Identifier?
    ) throws -> T? {
        guard let readable = T.self as? any DERReadable.Type else { return nil }
        return try read(readable, as: T.self, from: tlv, in: bytes, identifier: identifier)
    }

    /// `readable`, which is `T`, decoded from `tlv`: the conformance is looked up once per decode.
    private static func read<T>(
        _ readable: any DERReadable.Type, as type: T.Type, from tlv: DERStructure.TLV, in bytes: [UInt8],
        identifier: ASN1Identifier?
    ) throws -> T {
        let value = try readable.init(derTLV: tlv, in: bytes, withIdentifier: identifier ?? readable.defaultIdentifier)
        guard let typed = value as? T else {
            throw ASN1Error.invalidASN1Object(reason: "\(T.self) read as \(Swift.type(of: value))")
        }
        return typed
    }

    /// A TLV handed in from outside must lie within `bytes` (one from `DERStructure` always does):
    /// the header reads that follow index the bytes without bounds checks.
    private static func checkExtent(of tlv: DERStructure.TLV, in bytes: [UInt8]) throws {
        guard 0 <= tlv.start, tlv.start < tlv.contentStart, tlv.contentStart <= tlv.end, tlv.end <= bytes.count else {
            throw ASN1Error.invalidASN1Object(reason: "TLV \(tlv.start)..<\(tlv.end) outside \(bytes.count) bytes")
        }
    }

    /// The bytes of `tlv`, tag and length included.
    static func encodedBytes(of tlv: DERStructure.TLV, in bytes: [UInt8]) -> [UInt8] {
        Array(bytes[tlv.start..<tlv.end])
    }

    /// The content bytes of a primitive `tlv` tagged `identifier` (as swift-asn1 requires of a
    /// primitive type: DER has no constructed OCTET STRING).
    static func primitiveContent(of tlv: DERStructure.TLV, in bytes: [UInt8], identifier: ASN1Identifier) throws -> ArraySlice<UInt8> {
        guard tlv.identifier == identifier else { throw ASN1Error.unexpectedFieldType(tlv.identifier) }
        guard !tlv.constructed else {
            throw ASN1Error.invalidASN1Object(reason: "\(identifier) is constructed where a primitive value is expected")
        }
        return bytes[tlv.contentStart..<tlv.end]
    }
}
