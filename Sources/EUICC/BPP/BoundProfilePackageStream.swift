/// Reads a Bound Profile Package ('BF36', SGP.22 §2.5.5) as it arrives, in pieces of any size, and
/// reports each part the moment it is complete, so the eUICC processes the BPP step by step
/// (§5.7.6): the LPA usually sends one STORE DATA sequence per TLV, but any split must work.
///
/// ```
/// BF36 L  BF23 L …            → .initialiseSecureChannel(TLV)
///         A0 L  87 L … 87 L … → .sequenceStart(A0), .segment(A0, TLV)…, .sequenceEnd(A0)
///         A1 L  88 L …        → the same for A1 (StoreMetadata)
///         A2 L  87 L …        → the same for A2 (ReplaceSessionKeys, optional)
///         A3 L  86 L … 86 L … → the same for A3 (profile elements)
///                             → .end
/// ```
/// Only bytes not yet reported are buffered. Any structural error (wrong tag, a child longer than its
/// parent, indefinite or oversized lengths, trailing bytes) throws `Failure.malformed`.
struct BoundProfilePackageStream: Sendable {
    enum Event: Hashable, Sendable {
        case initialiseSecureChannel([UInt8])
        case sequenceStart(UInt8)
        case segment(sequence: UInt8, tlv: [UInt8])
        case sequenceEnd(UInt8)
        case end
    }

    enum Failure: Error, Hashable, Sendable {
        case malformed(String)
        case tooLarge(Int)
    }

    static let boundProfilePackageTag: [UInt8] = [0xBF, 0x36]
    static let initialiseSecureChannelTag: [UInt8] = [0xBF, 0x23]
    /// The segment tag each sequence holds.
    static let segmentTags: [UInt8: UInt8] = [0xA0: 0x87, 0xA1: 0x88, 0xA2: 0x87, 0xA3: 0x86]
    /// A protected segment is at most 1020 bytes (SGP.22 §2.5.3); some slack for other peers' reading of it.
    static let maximumSegmentSize = 4096
    static let maximumInitialiseSecureChannelSize = 1024

    let maximumSize: Int
    private var buffer: [UInt8] = []
    private var outerRemaining: Int?
    private var container: (tag: UInt8, remaining: Int)?
    private(set) var ended = false

    init(maximumSize: Int) {
        self.maximumSize = maximumSize
    }

    /// Appends `bytes` and returns the events they complete, in order.
    mutating func feed(_ bytes: [UInt8]) throws(Failure) -> [Event] {
        guard !ended else { throw .malformed("bytes after the end of the BoundProfilePackage") }
        buffer += bytes
        var offset = 0
        var events: [Event] = []
        defer { buffer.removeFirst(offset) }
        while true {
            guard let outer = outerRemaining else {
                guard let header = try Self.header(buffer, at: offset) else { break }
                guard header.tag == Self.boundProfilePackageTag else {
                    throw .malformed("expected 'BF36', found \(header.tag.hexString)")
                }
                guard header.valueLength <= maximumSize else { throw .tooLarge(header.valueLength) }
                outerRemaining = header.valueLength
                offset += header.headerLength
                continue
            }
            if let current = container {
                if current.remaining == 0 {
                    events.append(.sequenceEnd(current.tag))
                    container = nil
                    continue
                }
                guard let header = try Self.header(buffer, at: offset) else { break }
                let total = header.headerLength + header.valueLength
                guard header.tag == [Self.segmentTags[current.tag] ?? 0] else {
                    throw .malformed("'\(header.tag.hexString)' inside '\(current.tag)'")
                }
                guard total <= current.remaining, total <= Self.maximumSegmentSize else {
                    throw .malformed("segment of \(total) bytes does not fit")
                }
                guard buffer.count - offset >= total else { break }
                events.append(.segment(sequence: current.tag, tlv: Array(buffer[offset..<(offset + total)])))
                offset += total
                container = (current.tag, current.remaining - total)
                continue
            }
            if outer == 0 {
                guard offset == buffer.count else { throw .malformed("trailing bytes after the BoundProfilePackage") }
                ended = true
                events.append(.end)
                break
            }
            guard let header = try Self.header(buffer, at: offset) else { break }
            let total = header.headerLength + header.valueLength
            guard total <= outer else { throw .malformed("'\(header.tag.hexString)' is longer than the BoundProfilePackage") }
            if header.tag == Self.initialiseSecureChannelTag {
                guard total <= Self.maximumInitialiseSecureChannelSize else { throw .malformed("'BF23' of \(total) bytes") }
                guard buffer.count - offset >= total else { break }
                events.append(.initialiseSecureChannel(Array(buffer[offset..<(offset + total)])))
                offset += total
                outerRemaining = outer - total
            } else if header.tag.count == 1, Self.segmentTags[header.tag[0]] != nil {
                container = (header.tag[0], header.valueLength)
                offset += header.headerLength
                outerRemaining = outer - total
                events.append(.sequenceStart(header.tag[0]))
            } else {
                throw .malformed("unexpected '\(header.tag.hexString)' in the BoundProfilePackage")
            }
        }
        return events
    }

    /// The tag, header size and value length of the TLV at `offset`; nil while the header is incomplete.
    static func header(_ bytes: [UInt8], at offset: Int) throws(Failure) -> (tag: [UInt8], headerLength: Int, valueLength: Int)? {
        var index = offset
        guard index < bytes.count else { return nil }
        var tag = [bytes[index]]
        if bytes[index] & 0x1F == 0x1F {
            repeat {
                index += 1
                guard index < bytes.count else { return nil }
                tag.append(bytes[index])
                guard tag.count <= 3 else { throw .malformed("tag longer than 3 bytes") }
            } while bytes[index] & 0x80 != 0
        }
        index += 1
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        index += 1
        if first < 0x80 { return (tag, index - offset, Int(first)) }
        let count = Int(first & 0x7F)
        guard (1...3).contains(count) else { throw .malformed("length field '\(first)' not supported") }
        guard index + count <= bytes.count else { return nil }
        var length = 0
        for byte in bytes[index..<(index + count)] { length = length << 8 | Int(byte) }
        return (tag, index + count - offset, length)
    }
}
