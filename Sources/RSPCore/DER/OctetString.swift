import SwiftASN1

/// An ASN.1 OCTET STRING value.
///
/// Message types use it for every OCTET STRING field (and for the SIZE-constrained
/// aliases such as `Octet16`, `TransactionId`, `VersionType`), so that JSON renderings
/// show bytes as hexadecimal rather than arrays of numbers.
public struct OctetString: Hashable, Sendable, DERReadable, ExpressibleByArrayLiteral {
    public static var defaultIdentifier: ASN1Identifier { .octetString }

    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 { self.bytes = Array(bytes) }
    public init(arrayLiteral elements: UInt8...) { self.bytes = elements }

    /// Parses hexadecimal text (upper or lower case, no separators); nil when malformed.
    public init?(hex: String) {
        guard let bytes = [UInt8](hex: hex) else { return nil }
        self.bytes = bytes
    }

    public var count: Int { bytes.count }
    public var hex: String { bytes.hexString }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        let value = try ASN1OctetString(derEncoded: node, withIdentifier: identifier)
        self.bytes = Array(value.bytes)
    }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        self.bytes = Array(try DERReader.primitiveContent(of: tlv, in: bytes, identifier: identifier))
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try ASN1OctetString(contentBytes: bytes[...]).serialize(into: &coder, withIdentifier: identifier)
    }
}

extension OctetString: Encodable, CustomStringConvertible {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
    public var description: String { hex }
}

extension OctetString {
    /// Checks an ASN.1 SIZE constraint, throwing a decode error naming the field.
    @discardableResult
    public func requireSize(_ allowed: ClosedRange<Int>, field: String) throws -> OctetString {
        guard allowed.contains(bytes.count) else {
            throw ASN1Error.invalidASN1Object(reason: "\(field): size \(bytes.count) outside \(allowed)")
        }
        return self
    }
}

extension Array where Element == UInt8 {
    /// Parses hexadecimal text; nil when the text has odd length or a non-hex character.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexNibble(utf8[index]), let low = hexNibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        self = out
    }
}

extension Sequence where Element == UInt8 {
    /// Upper-case hexadecimal, the way SGP.22 prints transaction ids and AIDs.
    public var hexString: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = HexDigits.upperCase[Int(byte >> 4)]
                buffer[2 * index + 1] = HexDigits.upperCase[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}

/// The ASCII digits of upper-case hexadecimal, indexed by nibble.
enum HexDigits {
    static let upperCase: [UInt8] = Array("0123456789ABCDEF".utf8)
}

private func hexNibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
