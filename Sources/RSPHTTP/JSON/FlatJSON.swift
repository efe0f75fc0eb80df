import Foundation

/// A flat ES9+ body read without `JSONDecoder`, which walks every character of the long base64
/// values through its generic machinery: a Bound Profile Package answer is ~20 KB of base64, and
/// that walk was most of the cost of decoding it. The counterpart of `SplicedJSON`.
///
/// It reads only a subset of JSON that it reads exactly as `JSONDecoder` does, and is nil for
/// anything else, so that the caller decodes with `JSONDecoder`, whose values, errors and status
/// codes stay the reference:
/// - keys and string values of printable ASCII other than `"` and `\` (base64 and hexadecimal
///   always are). Escapes are not undone here, control characters are invalid JSON, and a
///   non-ASCII key can equal an ASCII one for `JSONDecoder`, which matches keys as `String`s
///   (U+212A KELVIN SIGN is "K");
/// - at most `maxMembers` members, no key twice (what `JSONDecoder` does then is its business);
/// - `header` only as `{"functionExecutionStatus":{"status":"…"}}`: every other shape is a
///   failure answer with `statusCodeData`, rare enough for the decoder.
///
/// Absent members read as nil, as the synthesized `Decodable` reads an absent optional; unknown
/// string members are ignored, as it ignores them.
struct FlatJSONObject {
    /// More members than any ES9+ body has; a bound so that the duplicate check stays cheap
    /// whatever a peer sends.
    static let maxMembers = 16

    private let data: Data
    /// Offsets into `data`'s bytes of each string member's key and value, quotes excluded.
    private var members: [(key: Range<Int>, value: Range<Int>)] = []
    private(set) var header: ResponseHeader?

    init?(_ data: Data) {
        self.data = data
        let parsed: Bool = data.withUnsafeBytes { bytes in
            var reader = Reader(bytes: bytes)
            return readObject(&reader) && reader.atEnd
        }
        guard parsed else { return nil }
    }

    /// The value of the string member `key`, nil when there is none.
    func string(_ key: StaticString) -> String? {
        data.withUnsafeBytes { bytes in
            let reader = Reader(bytes: bytes)
            guard let member = members.first(where: { reader.matches($0.key, key) }) else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)
        }
    }

    private mutating func readObject(_ reader: inout Reader) -> Bool {
        guard reader.consume(UInt8(ascii: "{")) else { return false }
        if reader.consume(UInt8(ascii: "}")) { return true }
        members.reserveCapacity(8)
        repeat {
            guard members.count < Self.maxMembers, let key = reader.string(), reader.consume(UInt8(ascii: ":")) else {
                return false
            }
            if reader.matches(key, "header") {
                guard header == nil, let value = reader.header() else { return false }
                header = value
            } else {
                guard let value = reader.string(), !members.contains(where: { reader.equal($0.key, key) }) else {
                    return false
                }
                members.append((key, value))
            }
        } while reader.consume(UInt8(ascii: ","))
        return reader.consume(UInt8(ascii: "}"))
    }
}

/// A cursor over the body's bytes; each reading skips the whitespace JSON allows before a token.
private struct Reader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return index == bytes.count
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The contents of a string token of verbatim characters (see `FlatJSONObject`), nil otherwise.
    mutating func string() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")), let base = bytes.baseAddress,
            let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index)
        else { return nil }
        let contents = index..<(base.distance(to: UnsafeRawPointer(quote)))
        guard Self.isVerbatim(UnsafeRawBufferPointer(rebasing: bytes[contents])) else { return nil }
        index = contents.upperBound + 1
        return contents
    }

    /// Printable ASCII without a backslash. One pass with no early exit, which the compiler
    /// vectorizes: a byte-by-byte scan with exits cost as much as `JSONDecoder` itself.
    private static func isVerbatim(_ contents: UnsafeRawBufferPointer) -> Bool {
        var invalid: UInt8 = 0
        for byte in contents {
            invalid |= (byte &- 0x20 > 0x5E ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        return invalid == 0
    }

    /// `key` is the string token consumed next, with the colon after it.
    mutating func key(_ key: StaticString) -> Bool {
        guard let range = string() else { return false }
        return matches(range, key) && consume(UInt8(ascii: ":"))
    }

    func equal(_ first: Range<Int>, _ second: Range<Int>) -> Bool {
        bytes[first].elementsEqual(bytes[second])
    }

    func matches(_ range: Range<Int>, _ key: StaticString) -> Bool {
        key.withUTF8Buffer { key in
            bytes[range].elementsEqual(key)
        }
    }

    /// `{"functionExecutionStatus":{"status":"…"}}`, the only header shape read here.
    mutating func header() -> ResponseHeader? {
        guard consume(UInt8(ascii: "{")), key("functionExecutionStatus"), consume(UInt8(ascii: "{")), key("status"),
            let status = string(), consume(UInt8(ascii: "}")), consume(UInt8(ascii: "}"))
        else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[status]), as: UTF8.self)
        return ResponseHeader(functionExecutionStatus: FunctionExecutionStatus(status: .init(rawValue: text)))
    }
}
