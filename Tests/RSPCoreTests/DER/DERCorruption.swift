import RSPTestSupport

/// The corruptions the DER tests apply to valid encodings, one per round in turn: a byte replaced, a
/// bit flipped, the bytes cut, a byte inserted, or a byte replaced by one of `specials` (length
/// forms, tags) that reaches more branches of a decoder than a random byte.
enum DERCorruption {
    static func apply(to original: [UInt8], round: Int, random: inout SplitMix64, specials: [UInt8]) -> [UInt8] {
        var bytes = original
        let position = Int(random.next() % UInt64(max(bytes.count, 1)))
        switch round % 5 {
        case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
        case 1: bytes[position] ^= 1 << UInt8(random.next() % 8)
        case 2: bytes = Array(bytes.prefix(position))
        case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        default: bytes[position] = specials[Int(random.next() % UInt64(specials.count))]
        }
        return bytes
    }
}
