import SwiftASN1

/// An Integrated Circuit Card Identifier.
///
/// ```asn1
/// Iccid ::= [APPLICATION 26] OCTET STRING (SIZE(10)) -- ICCID as coded in EFiccid, tag '5A'
/// ```
/// On the wire it is EF.ICCID coding (ETSI TS 102 221 §13.2): BCD with the two digits of
/// each byte swapped, padded with 'F' to 20 digits. Decoding accepts any 10 bytes a peer
/// sends (a profile's ICCID is the operator's business); `init(digits:)` is the
/// validating constructor for operator input (18–20 digits, Luhn check digit).
public struct ICCID: Hashable, Sendable, DERImplicitlyTaggable, CustomStringConvertible {
    public static var defaultIdentifier: ASN1Identifier { .application(26) }

    /// The 10 bytes as coded in EF.ICCID.
    public let bcd: [UInt8]

    public init(bcd: [UInt8]) throws {
        guard bcd.count == 10 else { throw IdentifierError.invalidICCID("ICCID must be 10 bytes, got \(bcd.count)") }
        self.bcd = bcd
    }

    /// Parses printed digits ("8949449999999990171", optionally with trailing "F" padding)
    /// and checks the Luhn check digit when `checkLuhn` is set.
    public init(digits text: String, checkLuhn: Bool = true) throws {
        var digits = text.uppercased()
        while digits.hasSuffix("F") { digits.removeLast() }
        guard (18...20).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw IdentifierError.invalidICCID("ICCID must be 18 to 20 decimal digits: \(text)")
        }
        if checkLuhn, !Luhn.isValid(digits) {
            throw IdentifierError.invalidICCID("ICCID check digit (Luhn) is wrong: \(text)")
        }
        let nibbles = digits.compactMap { $0.wholeNumberValue.map(UInt8.init) } + Array(repeating: 0xF, count: 20 - digits.count)
        self.bcd = stride(from: 0, to: 20, by: 2).map { nibbles[$0 + 1] << 4 | nibbles[$0] }
    }

    /// The digits with swapped nibbles undone, padding 'F' removed.
    public var digits: String { nibbleText(skippingPadding: true) }

    /// The 20-character form SGP.22 logs and vectors use, padding included ("8949449999999990171F").
    public var paddedDigits: String { nibbleText(skippingPadding: false) }

    /// The nibbles, low one of each byte first, as upper-case hexadecimal characters: written
    /// straight into the string's storage, since stores and logs spell an ICCID on every call.
    private func nibbleText(skippingPadding: Bool) -> String {
        String(unsafeUninitializedCapacity: bcd.count * 2) { buffer in
            var count = 0
            func append(_ nibble: UInt8) {
                if skippingPadding && nibble == 0xF { return }
                buffer[count] = HexDigits.upperCase[Int(nibble)]
                count += 1
            }
            for byte in bcd {
                append(byte & 0x0F)
                append(byte >> 4)
            }
            return count
        }
    }

    public var description: String { digits }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        let octets = try ASN1OctetString(derEncoded: node, withIdentifier: identifier)
        try self.init(bcd: Array(octets.bytes))
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try ASN1OctetString(contentBytes: bcd[...]).serialize(into: &coder, withIdentifier: identifier)
    }
}

extension ICCID: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(paddedDigits)
    }
}

/// The Luhn (mod 10) check used by ICCIDs and IMEIs.
public enum Luhn {
    public static func isValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, !values.isEmpty else { return false }
        var sum = 0
        for (index, value) in values.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }
}
