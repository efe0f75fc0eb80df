import SwiftASN1

/// An ASN.1 BIT STRING, usually one with named bits (`RspCapability`, `PprIds`,
/// `NotificationEvent`, …). Bit 0 is the most significant bit of the first byte.
///
/// DER requires a named bit list to be encoded without trailing zero bits; `init(bits:)`
/// produces that minimal form, while decoding keeps what the peer sent so that a
/// re-encoding is byte-for-byte identical.
public struct BitString: Hashable, Sendable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .bitString }

    public var bytes: [UInt8]
    /// Unused bits in the last byte (0...7).
    public var paddingBits: Int

    public init(bytes: [UInt8], paddingBits: Int) {
        self.bytes = bytes
        self.paddingBits = bytes.isEmpty ? 0 : max(0, min(7, paddingBits))
    }

    /// The minimal DER encoding of a named bit list with the given bits set.
    public init(bits: some Sequence<Int>) {
        let set = bits.filter { $0 >= 0 }
        guard let highest = set.max() else {
            self.init(bytes: [], paddingBits: 0)
            return
        }
        var bytes = [UInt8](repeating: 0, count: highest / 8 + 1)
        for bit in set { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        self.init(bytes: bytes, paddingBits: 7 - highest % 8)
    }

    /// Number of significant bits.
    public var count: Int { bytes.count * 8 - paddingBits }

    public func contains(_ bit: Int) -> Bool {
        guard bit >= 0, bit < count else { return false }
        return bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0
    }

    /// The indices of all set bits, ascending.
    public var setBits: [Int] { (0..<count).filter(contains) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        let value = try ASN1BitString(derEncoded: node, withIdentifier: identifier)
        self.bytes = Array(value.bytes)
        self.paddingBits = value.paddingBits
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try ASN1BitString(bytes: bytes[...], paddingBits: paddingBits).serialize(into: &coder, withIdentifier: identifier)
    }
}

extension BitString: Encodable {
    private enum CodingKeys: String, CodingKey { case hex, bits }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bytes.hexString, forKey: .hex)
        try container.encode(setBits, forKey: .bits)
    }
}
