import SwiftASN1

/// A structural DER check that builds nothing: it accepts exactly the TLVs swift-asn1's `DER.parse`
/// accepts (identifiers in minimal form, definite lengths in minimal form, every child of a constructed
/// value a complete TLV filling it exactly, at most 50 levels deep, no [UNIVERSAL 0]), without
/// allocating a node for every nested TLV.
///
/// For bulk data whose content nobody decodes (the profile elements of a package: hundreds of nested
/// TLVs per profile), `DER.parse` would build and free the whole tree only to prove it well-formed.
public enum DERStructure {
    /// One TLV: its identifier and where it lies in the bytes it was read from.
    public struct TLV: Hashable, Sendable {
        public var identifier: ASN1Identifier
        public var constructed: Bool
        /// Index of the identifier's first byte.
        public var start: Int
        /// Index of the first content byte.
        public var contentStart: Int
        /// Index one past the TLV's last byte.
        public var end: Int
    }

    /// `DER.parse`'s nesting limit: the outermost TLV is depth 1.
    static let maximumDepth = 50

    /// Checks the complete TLV at `offset` of `bytes` (nested TLVs included) and returns it; what follows
    /// it is not looked at. Throws swift-asn1's `ASN1Error` for what `DER.parse` refuses.
    public static func validateTLV(_ bytes: [UInt8], at offset: Int) throws -> TLV {
        try bytes.withUnsafeBufferPointer { buffer in
            try validate(buffer, at: offset, limit: buffer.count, depth: 1)
        }
    }

    /// Checks that `bytes` are exactly one well-formed DER TLV, as `DER.parse` requires.
    public static func validateSingle(_ bytes: [UInt8]) throws -> TLV {
        let tlv = try validateTLV(bytes, at: 0)
        guard tlv.end == bytes.count else {
            throw ASN1Error.invalidASN1Object(reason: "Trailing unparsed data is present")
        }
        return tlv
    }

    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, limit: Int, depth: Int) throws -> TLV {
        guard depth <= maximumDepth else {
            throw ASN1Error.invalidASN1Object(reason: "Excessive stack depth was reached")
        }
        let tlv = try header(bytes, at: offset, limit: limit)
        guard tlv.constructed else { return tlv }
        // The nested TLVs iteratively, the ends of the open constructed values on a stack of at most
        // `maximumDepth`: one call per element rather than one per nested TLV (thousands per profile).
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumDepth) { openEnds in
            var open = 0
            var level = depth
            var end = tlv.end
            var index = tlv.contentStart
            while true {
                if index == end {
                    guard open > 0 else { break }
                    open -= 1
                    end = openEnds[open]
                    level -= 1
                    continue
                }
                // Every child, primitive or not, counts against the depth limit (as in DER.parse).
                guard level < maximumDepth else {
                    throw ASN1Error.invalidASN1Object(reason: "Excessive stack depth was reached")
                }
                let child = try header(bytes, at: index, limit: end)
                if child.constructed {
                    openEnds[open] = end
                    open += 1
                    level += 1
                    end = child.end
                    index = child.contentStart
                } else {
                    index = child.end
                }
            }
        }
        return tlv
    }

    /// Reads the identifier and length octets of the TLV at `offset`; the TLV must end by `limit`.
    @inline(__always)
    static func header(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, limit: Int) throws -> TLV {
        var index = offset
        guard index < limit else { throw ASN1Error.truncatedASN1Field() }
        let first = bytes[index]
        index += 1
        let tagClass: ASN1Identifier.TagClass
        switch first >> 6 {
        case 0: tagClass = .universal
        case 1: tagClass = .application
        case 2: tagClass = .contextSpecific
        default: tagClass = .private
        }
        var tagNumber = UInt(first & 0x1F)
        if tagNumber == 0x1F {
            tagNumber = try longTagNumber(bytes, at: &index, limit: limit)
        }
        let identifier = ASN1Identifier(tagWithNumber: tagNumber, tagClass: tagClass)

        guard index < limit else { throw ASN1Error.truncatedASN1Field() }
        let lengthByte = bytes[index]
        index += 1
        var length = Int(lengthByte)
        if lengthByte & 0x80 != 0 {
            length = try longLength(bytes, first: lengthByte, at: &index, limit: limit)
        }
        guard tagClass != .universal || tagNumber != 0 else {
            throw ASN1Error.invalidASN1Object(reason: "Unexpected end-of-contents octets or [UNIVERSAL 0] tag")
        }
        guard length <= limit - index else { throw ASN1Error.truncatedASN1Field() }
        return TLV(identifier: identifier, constructed: first & 0x20 != 0, start: offset, contentStart: index, end: index + length)
    }

    /// The base-128 tag number after a '1F' first octet: minimal (no leading '80'), at most 9 octets (what
    /// fits a UInt, as swift-asn1 reads it), and at least 31 (smaller numbers have the short form).
    private static func longTagNumber(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, limit: Int) throws -> UInt {
        guard index < limit, bytes[index] != 0x80 else {
            throw ASN1Error.invalidASN1Object(reason: "Invalid long-form tag number")
        }
        var value: UInt = 0
        var count = 0
        while true {
            guard index < limit else { throw ASN1Error.invalidASN1Object(reason: "Invalid long-form tag number") }
            let byte = bytes[index]
            index += 1
            count += 1
            guard count <= 9 else { throw ASN1Error.invalidASN1Object(reason: "Tag number too large") }
            value = value << 7 | UInt(byte & 0x7F)
            if byte & 0x80 == 0 { break }
        }
        guard value >= 0x1F else {
            throw ASN1Error.invalidASN1Object(reason: "ASN.1 tag incorrectly encoded in long form: \(value)")
        }
        return value
    }

    /// The long form of a length: 1…8 octets, minimal, never the indefinite form ('80') DER forbids.
    private static func longLength(_ bytes: UnsafeBufferPointer<UInt8>, first: UInt8, at index: inout Int, limit: Int) throws -> Int {
        let count = Int(first & 0x7F)
        guard count != 0 else {
            throw ASN1Error.unsupportedFieldLength(reason: "Indefinite form of field length not supported in DER.")
        }
        guard count <= limit - index else { throw ASN1Error.truncatedASN1Field() }
        guard count <= 8 else { throw ASN1Error.invalidASN1Object(reason: "Unable to treat \(count) bytes as a UInt") }
        var value: UInt = 0
        for _ in 0..<count {
            value = value << 8 | UInt(bytes[index])
            index += 1
        }
        guard value > 0x7F else {
            throw ASN1Error.unsupportedFieldLength(reason: "Field length \(value) encoded in long form")
        }
        let needed = (UInt.bitWidth - value.leadingZeroBitCount + 7) / 8
        guard count == needed else {
            throw ASN1Error.unsupportedFieldLength(reason: "Field length encoded in excessive number of bytes")
        }
        guard let length = Int(exactly: value) else {
            throw ASN1Error.invalidASN1Object(reason: "Excessively large field: \(value)")
        }
        return length
    }
}
