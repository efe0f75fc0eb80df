/// A command APDU (ISO/IEC 7816-4 §5.1), short form: the eUICC interface (ES10) runs on these.
public struct CommandAPDU: Hashable, Sendable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public var data: [UInt8]
    /// Expected response length; nil means no Le byte, 0 means 256.
    public var le: UInt8?

    public init(cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], le: UInt8? = nil) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.le = le
    }

    public enum Failure: Error, Hashable, Sendable {
        case tooShort
        case lengthMismatch
        case dataTooLong
    }

    /// Parses the four short-APDU cases; extended lengths are not used by ES10.
    public init(bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 4 else { throw .tooShort }
        self.init(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3])
        let body = bytes.dropFirst(4)
        switch body.count {
        case 0:
            break
        case 1:
            le = body[body.startIndex]
        default:
            let lc = Int(body[body.startIndex])
            guard lc > 0 else { throw .lengthMismatch }
            let rest = body.dropFirst()
            if rest.count == lc {
                data = Array(rest)
            } else if rest.count == lc + 1 {
                data = Array(rest.prefix(lc))
                le = rest.last
            } else {
                throw .lengthMismatch
            }
        }
    }

    /// Whether the command has a short-APDU encoding (`bytes()` throws the same).
    public func checkEncodable() throws(Failure) {
        guard data.count <= 255 else { throw .dataTooLong }
    }

    /// Written into one buffer of the final size: an ES10 download sends ~80 APDUs, and building
    /// each from concatenated pieces allocated four or five arrays per APDU.
    public func bytes() throws(Failure) -> [UInt8] {
        try checkEncodable()
        var out: [UInt8] = []
        out.reserveCapacity(4 + (data.isEmpty ? 0 : 1 + data.count) + (le == nil ? 0 : 1))
        out.append(cla)
        out.append(ins)
        out.append(p1)
        out.append(p2)
        if !data.isEmpty {
            out.append(UInt8(data.count))
            out.append(contentsOf: data)
        }
        if let le { out.append(le) }
        return out
    }
}

/// A response APDU: data followed by the status word SW1 SW2.
public struct ResponseAPDU: Hashable, Sendable {
    public var data: [UInt8]
    public var sw: UInt16

    public init(data: [UInt8] = [], sw: UInt16) {
        self.data = data
        self.sw = sw
    }

    public init(bytes: [UInt8]) throws(CommandAPDU.Failure) {
        guard bytes.count >= 2 else { throw .tooShort }
        data = Array(bytes.dropLast(2))
        sw = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 2)
        out.append(contentsOf: data)
        out.append(sw1)
        out.append(sw2)
        return out
    }
    public var sw1: UInt8 { UInt8(sw >> 8) }
    public var sw2: UInt8 { UInt8(sw & 0xFF) }
    public var isSuccess: Bool { sw == StatusWord.success }
}

/// Something that carries APDUs to a card and brings back its answers: an in-process software
/// eUICC, a vpcd TCP connection, a PC/SC reader.
public protocol APDUTransport: Sendable {
    /// Powers the card up (or resets it) and returns its ATR.
    func reset() async throws -> [UInt8]
    func transmit(_ command: [UInt8]) async throws -> [UInt8]
}

/// A card in this process (a card behind a reader or a socket is only an `APDUTransport`). A
/// client talks to it as structures and on its executor: a download sends ~80 APDUs, and each
/// was written to bytes and parsed back, both ways, and was a switch of executors there and back.
public protocol APDUExchanging: APDUTransport {
    /// What `transmit` does for an encodable command (`CommandAPDU.checkEncodable`), without the
    /// command's bytes and the answer's.
    func exchange(_ command: CommandAPDU) async -> ResponseAPDU

    /// The actor whose executor the card runs on, for its client to run on too.
    var cardIsolation: any Actor { get }
}
