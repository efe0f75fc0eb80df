/// Why BSP (SCP03t) protection or unprotection failed (SGP.22 §2.5.4, §5.5).
public enum BSPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The received C-MAC does not match the one computed with S-MAC and the MAC chaining value.
    case macMismatch
    /// After decryption the ISO/IEC 9797-1 method 2 padding ('80' then '00'…) is missing or invalid.
    case badPadding
    /// The segment is not a single well-formed TLV with a value long enough for its tag.
    case malformedSegment(String)
    /// The tag is not one BSP handles this way ('86'/'87' encrypt and MAC, '88' MAC only).
    case unsupportedTag(UInt8)
    /// A key or MAC chaining value is not 16 bytes.
    case invalidKeyLength(String)
    /// A segment size below one byte was asked for.
    case invalidSegmentSize(Int)
    /// The block counter cannot be incremented any further.
    case counterExhausted

    public var description: String {
        switch self {
        case .macMismatch: return "C-MAC verification failed"
        case .badPadding: return "invalid padding after decryption"
        case .malformedSegment(let why): return "malformed BSP segment: \(why)"
        case .unsupportedTag(let tag): return "unsupported BSP tag \(tag)"
        case .invalidKeyLength(let why): return "invalid BSP key: \(why)"
        case .invalidSegmentSize(let size): return "invalid segment size \(size)"
        case .counterExhausted: return "BSP block counter exhausted"
        }
    }
}
