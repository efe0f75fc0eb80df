import RSPCore
import Testing

@Suite("Short command and response APDUs (ISO/IEC 7816-4 §5.1)")
struct APDUTests {
    @Test("the four cases encode as CLA INS P1 P2 [Lc data] [Le] and parse back to the same command",
          arguments: [
              (CommandAPDU(cla: 0x80, ins: 0xE2, p1: 0x91, p2: 0x00), [0x80, 0xE2, 0x91, 0x00] as [UInt8]),
              (CommandAPDU(cla: 0x00, ins: 0xC0, p1: 0x00, p2: 0x00, le: 0x00), [0x00, 0xC0, 0x00, 0x00, 0x00]),
              (CommandAPDU(cla: 0x81, ins: 0xE2, p1: 0x11, p2: 0x03, data: [0xBF, 0x2E, 0x00]),
               [0x81, 0xE2, 0x11, 0x03, 0x03, 0xBF, 0x2E, 0x00]),
              (CommandAPDU(cla: 0x81, ins: 0xE2, p1: 0x91, p2: 0x04, data: [0xAA], le: 0x00),
               [0x81, 0xE2, 0x91, 0x04, 0x01, 0xAA, 0x00]),
          ])
    func cases(command: CommandAPDU, encoded: [UInt8]) throws {
        #expect(try command.bytes() == encoded)
        #expect(try CommandAPDU(bytes: encoded) == command)
    }

    @Test("255 data bytes fit one short APDU; 256 are refused, not truncated")
    func longestData() throws {
        let data = (0..<255).map { UInt8($0) }
        let bytes = try CommandAPDU(cla: 0x80, ins: 0xE2, p1: 0x91, p2: 0, data: data, le: 0).bytes()
        #expect(bytes.count == 4 + 1 + 255 + 1)
        #expect(bytes[4] == 0xFF)
        #expect(Array(bytes[5..<260]) == data)
        #expect(throws: CommandAPDU.Failure.dataTooLong) {
            try CommandAPDU(cla: 0x80, ins: 0xE2, p1: 0x91, p2: 0, data: data + [0]).bytes()
        }
    }

    @Test("a response is its data followed by SW1 SW2, and parses back")
    func response() throws {
        let response = ResponseAPDU(data: [0xBF, 0x20, 0x00], sw: 0x6104)
        #expect(response.bytes == [0xBF, 0x20, 0x00, 0x61, 0x04])
        #expect(try ResponseAPDU(bytes: response.bytes) == response)
        #expect(ResponseAPDU(sw: 0x9000).bytes == [0x90, 0x00])
        #expect(throws: CommandAPDU.Failure.tooShort) { try ResponseAPDU(bytes: [0x90]) }
    }
}
