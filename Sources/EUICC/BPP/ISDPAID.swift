/// AIDs of ISD-Ps (SGP.22 §2.2.2; GSMA RID 'A000000559', PIX '1010FFFFFFFF89'): the ISD-R is
/// 'A0000005591010FFFFFFFF8900000100'; each new ISD-P gets 'A0000005591010FFFFFFFF89000010xx' with the
/// lowest free xx.
public enum ISDPAID {
    public static let isdr: [UInt8] = [0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00]
    static let prefix: [UInt8] = [0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x10]

    /// The lowest ISD-P AID not in `used`; nil when all 256 are taken.
    /// One pass over `used` (marking the xx it takes) rather than a search of `used` per candidate: a
    /// card holding many profiles allocated in time quadratic in their number.
    static func allocate(avoiding used: [[UInt8]]) -> [UInt8]? {
        var taken = [Bool](repeating: false, count: 256)
        for aid in used where aid.count == prefix.count + 1 && aid.starts(with: prefix) {
            taken[Int(aid[prefix.count])] = true
        }
        guard let free = taken.firstIndex(of: false) else { return nil }
        return prefix + [UInt8(free)]
    }
}
