import RSPCore

/// A card that answers with a fixed script and records every command it receives.
actor ScriptedTransport: APDUTransport {
    struct ScriptExhausted: Error {}

    private(set) var sent: [[UInt8]] = []
    private var script: [[UInt8]]

    init(_ script: [[UInt8]]) {
        self.script = script
    }

    func reset() async throws -> [UInt8] { [0x3B, 0x00] }

    func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        sent.append(command)
        guard !script.isEmpty else { throw ScriptExhausted() }
        return script.removeFirst()
    }

    /// The commands, parsed.
    var sentAPDUs: [CommandAPDU] {
        get throws { try sent.map { try CommandAPDU(bytes: $0) } }
    }
}

/// The status word bytes.
func sw(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
