import SwiftASN1

/// An eUICC Identifier: 32 decimal digits (GSMA SGP.29; SGP.22 §2.2 and `GetEuiccDataResponse`).
///
/// ```asn1
/// eidValue [APPLICATION 26] Octet16  -- tag '5A'
/// ```
/// The last two digits are check digits computed as in ISO 7064 MOD 97-10 (ITU-T E.118,
/// the same rule as an IBAN): the whole 32-digit number is ≡ 1 (mod 97). On the wire an EID
/// is 16 bytes of plain BCD, two digits per byte, first digit in the high nibble
/// ("8904…" → `89 04 …`, no nibble swap, unlike an ICCID).
///
/// Every initialiser validates the length, the digits and the check digits.
public struct EID: Hashable, Sendable, Codable, CustomStringConvertible, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .application(26) }

    /// The 32 decimal digits.
    public let digits: String

    /// Parses 32 decimal digits and checks the check digits.
    public init(digits text: String) throws {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw IdentifierError.invalidEID("an EID has 32 decimal digits: \(text)")
        }
        guard Self.remainder97(text) == 1 else {
            throw IdentifierError.invalidEID("EID check digits are wrong: \(text)")
        }
        self.digits = text
    }

    /// Parses the 16-byte BCD form (first digit in the high nibble).
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 16 else {
            throw IdentifierError.invalidEID("an EID is 16 bytes, got \(bytes.count)")
        }
        var text = ""
        for byte in bytes {
            for nibble in [byte >> 4, byte & 0x0F] {
                guard nibble < 10 else {
                    throw IdentifierError.invalidEID("an EID is BCD, found nibble \(nibble) in \(bytes.hexString)")
                }
                text += String(nibble)
            }
        }
        try self.init(digits: text)
    }

    /// Builds an EID from its first 30 digits, appending the check digits.
    public init(digitsWithoutCheckDigits first30: String) throws {
        guard first30.utf8.count == 30, first30.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw IdentifierError.invalidEID("expected the 30 digits before the check digits: \(first30)")
        }
        let check = 98 - Self.remainder97(first30 + "00")
        try self.init(digits: first30 + (check < 10 ? "0" : "") + String(check))
    }

    /// Derives a valid EID from a prefix (e.g. an EUM's range "89049032"): the digits between
    /// the prefix and the check digits are `individualNumber`, left-padded with zeros (and
    /// reduced modulo the available width when it is too large).
    public init(prefix: String, individualNumber: UInt64) throws {
        guard prefix.utf8.count <= 30, prefix.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw IdentifierError.invalidEID("an EID prefix has at most 30 decimal digits: \(prefix)")
        }
        let width = 30 - prefix.utf8.count
        var number = String(individualNumber)
        if number.count > width { number = String(number.suffix(width)) }
        let padding = String(repeating: "0", count: width - number.count)
        try self.init(digitsWithoutCheckDigits: prefix + padding + number)
    }

    /// Derives a valid EID from a prefix with random individual digits.
    public static func random(prefix: String) throws -> EID {
        try EID(prefix: prefix, individualNumber: UInt64.random(in: 0..<UInt64(1e18)))
    }

    /// The 16-byte BCD form.
    public var bytes: [UInt8] {
        let values = digits.utf8.map { $0 - 0x30 }
        return stride(from: 0, to: values.count, by: 2).map { values[$0] << 4 | values[$0 + 1] }
    }

    /// Whether the EID starts with the given digits (an EUM's permitted EID range, SGP.22 §4.5.2.1).
    public func hasPrefix(_ prefix: String) -> Bool { digits.hasPrefix(prefix) }

    public var description: String { digits }

    /// True when `text` is 32 digits with correct check digits.
    public static func isValid(_ text: String) -> Bool { (try? EID(digits: text)) != nil }

    /// The decimal number `digits` modulo 97 (digits only, any length).
    static func remainder97(_ digits: String) -> Int {
        var remainder = 0
        for c in digits.utf8 { remainder = (remainder * 10 + Int(c - 0x30)) % 97 }
        return remainder
    }

    public init(from decoder: any Decoder) throws {
        try self.init(digits: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        let octets = try ASN1OctetString(derEncoded: node, withIdentifier: identifier)
        try self.init(bytes: Array(octets.bytes))
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try ASN1OctetString(contentBytes: bytes[...]).serialize(into: &coder, withIdentifier: identifier)
    }
}
