import RSPCore

extension UnprotectedProfilePackage {
    /// A copy whose ProfileHeader carries another ICCID: the minimal personalisation of a shared
    /// profile template (the SM-DP+ does it when it binds a template profile; `openrsp bench`
    /// uses it for distinct load profiles).
    ///
    /// Only the header's ICCID changes. EF.ICCID inside the file system, the keys and every other
    /// per-card value stay the template's, so until full personalisation exists such a package is
    /// fit for test eUICCs, not for a real network.
    public func replacingHeaderICCID(with iccid: ICCID) throws -> [UInt8] {
        guard let header = elements.first, let range = Self.headerICCIDRange(header.der) else {
            throw Failure.headerNotFirst
        }
        // The header stores plain BCD digits in order (not EF.ICCID's swapped nibbles).
        let digits = Array(iccid.paddedDigits.utf8)
        let plain: [UInt8] = stride(from: 0, to: 20, by: 2).map { index in
            Self.nibble(digits[index]) << 4 | Self.nibble(digits[index + 1])
        }
        var copy = der
        copy.replaceSubrange(range, with: plain)
        return copy
    }

    /// Where the 10 ICCID bytes ('83 0A' …) sit inside the header element, as offsets into `der`
    /// (the header is a slice of `der`, so its indices are the package's).
    static func headerICCIDRange(_ header: ArraySlice<UInt8>) -> Range<Int>? {
        guard header.count > 12 else { return nil }
        let start = header.startIndex
        for index in (start + 2)..<(header.endIndex - 11) where header[index] == 0x83 && header[index + 1] == 0x0A {
            return (index + 2)..<(index + 12)
        }
        return nil
    }

    static func nibble(_ ascii: UInt8) -> UInt8 {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ascii - UInt8(ascii: "0")
        default: 0xF
        }
    }
}
