import Crypto
import CryptoExtras
import RSPCrypto
import Testing

@Suite("BSP (SCP03t) segment protection")
struct BSPTests {
    typealias V = RecordedSession

    static func randomKey() -> [UInt8] {
        SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
    }

    static func freshPair() throws -> (sender: BSP, receiver: BSP) {
        let keys = SessionKeys(initialMacChainingValue: randomKey(), sEnc: randomKey(), sMac: randomKey())
        return (try BSP(sessionKeys: keys), try BSP(sessionKeys: keys))
    }

    @Test("segments protected with fresh keys unprotect to the same plaintexts, in order, for 86, 87 and 88")
    func roundTrip() throws {
        var (sender, receiver) = try Self.freshPair()
        let plaintexts: [(UInt8, [UInt8])] = [
            (0x87, [0xBF, 0x24, 0x00]),
            (0x88, Array(repeating: 0x5A, count: 164)),
            (0x87, Array(repeating: 0x01, count: 57)),
            (0x86, []),
            (0x86, Array(repeating: 0xA5, count: 15)),
            (0x86, Array(repeating: 0x00, count: 16)),
            (0x86, Array(repeating: 0x80, count: 1008)),
            (0x86, Array(repeating: 0x33, count: 1023)),
        ]
        for (tag, plaintext) in plaintexts {
            let segment = try sender.protect(tag: tag, plaintext: plaintext)
            #expect(segment.first == tag)
            let (receivedTag, received) = try receiver.unprotect(segment: segment)
            #expect(receivedTag == tag)
            #expect(received == plaintext)
        }
        #expect(sender.blockCounter == UInt64(plaintexts.count + 1))
        #expect(receiver.blockCounter == sender.blockCounter)
        #expect(receiver.macChainingValue == sender.macChainingValue)
    }

    @Test("segment layout: tag ‖ BER length ‖ padded ciphertext ‖ 8-byte MAC; MAC-only keeps the plaintext")
    func layout() throws {
        var (sender, _) = try Self.freshPair()
        let small = try sender.encryptAndMAC(tag: 0x87, plaintext: [1, 2, 3])
        #expect(Array(small.prefix(2)) == [0x87, 0x18])  // 16 + 8
        #expect(small.count == 2 + 24)
        let exact = try sender.encryptAndMAC(tag: 0x86, plaintext: Array(repeating: 7, count: 16))
        #expect(Array(exact.prefix(2)) == [0x86, 0x28])  // 16 bytes always gain a full padding block
        let large = try sender.encryptAndMAC(tag: 0x86, plaintext: Array(repeating: 7, count: 1008))
        #expect(Array(large.prefix(4)) == [0x86, 0x82, 0x04, 0x08])
        #expect(large.count == 1036)
        let maced = try sender.macOnly(plaintext: [9, 8, 7])
        #expect(Array(maced.prefix(5)) == [0x88, 0x0B, 9, 8, 7])
        #expect(sender.blockCounter == 5)
    }

    @Test("segment headers carry the BER length of body + MAC in its short, '81' and '82' forms, and unprotect back",
          arguments: [(119, [0x7F]), (120, [0x81, 0x80]), (247, [0x81, 0xFF]), (248, [0x82, 0x01, 0x00]), (1004, [0x82, 0x03, 0xF4])]
              as [(Int, [UInt8])])
    func segmentHeaderLengths(plaintextCount: Int, length: [UInt8]) throws {
        let keys = (Self.randomKey(), Self.randomKey(), Self.randomKey())
        var sender = try BSP(sEnc: keys.0, sMac: keys.1, macChainingValue: keys.2)
        var receiver = try BSP(sEnc: keys.0, sMac: keys.1, macChainingValue: keys.2)
        let plaintext = (0..<plaintextCount).map { UInt8(truncatingIfNeeded: $0) }
        let segment = try sender.macOnly(plaintext: plaintext)
        #expect(Array(segment.prefix(1 + length.count)) == [0x88] + length)
        #expect(segment.count == 1 + length.count + plaintextCount + 8)
        #expect(try receiver.unprotect(segment: segment).plaintext == plaintext)
    }

    @Test("a UPP protected chunk by chunk from slices equals each chunk protected as an array")
    func segmentedFromSlices() throws {
        let keys = (Self.randomKey(), Self.randomKey(), Self.randomKey())
        var whole = try BSP(sEnc: keys.0, sMac: keys.1, macChainingValue: keys.2)
        var single = try BSP(sEnc: keys.0, sMac: keys.1, macChainingValue: keys.2)
        let upp = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let segments = try whole.protectSegmented(tag: 0x86, plaintext: upp, maxPlaintextPerSegment: 1000)
        let expected = try [upp[0..<1000], upp[1000..<2000], upp[2000...]].map { try single.encryptAndMAC(tag: 0x86, plaintext: Array($0)) }
        #expect(segments == expected)
        #expect(BSP.pad(upp[5..<20]) == BSP.pad(Array(upp[5..<20])))
    }

    @Test("ISO/IEC 9797-1 method 2 padding: 80 then zeros; malformed padding is rejected")
    func padding() throws {
        #expect(BSP.pad([]) == [0x80] + [UInt8](repeating: 0, count: 15))
        #expect(BSP.pad([1, 2, 3]).count == 16)
        #expect(BSP.pad(Array(repeating: 1, count: 15)) == Array(repeating: 1, count: 15) + [0x80])
        #expect(BSP.pad(Array(repeating: 1, count: 16)).count == 32)
        for length in [0, 1, 15, 16, 17, 1008] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 0x80) }
            #expect(try BSP.unpad(BSP.pad(data)) == data)
        }
        #expect(throws: BSPError.badPadding) { try BSP.unpad([UInt8](repeating: 0, count: 16)) }
        #expect(throws: BSPError.badPadding) { try BSP.unpad([1, 2, 3] + [UInt8](repeating: 0, count: 13)) }
        #expect(throws: BSPError.badPadding) { try BSP.unpad([0x80] + [UInt8](repeating: 0, count: 16)) }
        #expect(throws: BSPError.badPadding) { try BSP.unpad([]) }
    }

    @Test("a flipped bit in the MAC or the ciphertext is rejected with macMismatch and leaves the session unchanged")
    func macMismatch() throws {
        var (sender, receiver) = try Self.freshPair()
        let segment = try sender.protect(tag: 0x86, plaintext: Array(repeating: 0x42, count: 100))
        let before = receiver
        for index in [segment.count - 1, segment.count - 8, 3, segment.count - 9, 1] {
            let tampered = V.flippingBit(segment, at: index)
            #expect(throws: BSPError.self) { try receiver.unprotect(segment: tampered) }
            if index != 1 {
                #expect(throws: BSPError.macMismatch) { try receiver.unprotect(segment: tampered) }
            }
        }
        #expect(receiver.blockCounter == before.blockCounter)
        #expect(receiver.macChainingValue == before.macChainingValue)
        #expect(try receiver.unprotect(segment: segment).plaintext == Array(repeating: 0x42, count: 100))

        let maced = try sender.macOnly(plaintext: [1, 2, 3])
        #expect(throws: BSPError.macMismatch) { try receiver.unprotect(segment: V.flippingBit(maced, at: 2)) }
        #expect(try receiver.unprotect(segment: maced).plaintext == [1, 2, 3])
    }

    @Test("segments replayed or taken out of order fail the MAC chain")
    func chaining() throws {
        var (sender, receiver) = try Self.freshPair()
        let first = try sender.protect(tag: 0x87, plaintext: [1])
        let second = try sender.protect(tag: 0x87, plaintext: [2])
        #expect(throws: BSPError.macMismatch) { try receiver.unprotect(segment: second) }
        _ = try receiver.unprotect(segment: first)
        #expect(throws: BSPError.macMismatch) { try receiver.unprotect(segment: first) }
        #expect(try receiver.unprotect(segment: second).plaintext == [2])
    }

    @Test("a correctly MACed segment whose decryption has no valid padding is rejected with badPadding")
    func badPaddingSegment() throws {
        let sEnc = Self.randomKey(), sMac = Self.randomKey(), mcv = Self.randomKey()
        // Encrypt one block with no padding at all, the ICV for counter 1, then MAC it as BSP would.
        var icv = [UInt8](repeating: 0, count: 15) + [1]
        try AES.permute(&icv, key: SymmetricKey(data: sEnc))
        let plaintext = [UInt8](repeating: 0x41, count: 16)
        let ciphertext = Array(try AES._CBC.encrypt(plaintext, using: SymmetricKey(data: sEnc), iv: AES._CBC.IV(ivBytes: icv), noPadding: true))
        var cmac = try AES.CMAC(key: SymmetricKey(data: sMac))
        cmac.update(data: mcv + [0x86, 0x18] + ciphertext)
        let mac = Array(cmac.finalize())
        let segment = [0x86, 0x18] + ciphertext + mac.prefix(8)

        var receiver = try BSP(sEnc: sEnc, sMac: sMac, macChainingValue: mcv)
        #expect(throws: BSPError.badPadding) { try receiver.unprotect(segment: segment) }
        #expect(receiver.blockCounter == 1)

        // The same construction with proper padding is accepted, which shows the segment above was well formed.
        let padded = Array(try AES._CBC.encrypt(BSP.pad([0x41]), using: SymmetricKey(data: sEnc), iv: AES._CBC.IV(ivBytes: icv), noPadding: true))
        var goodMAC = try AES.CMAC(key: SymmetricKey(data: sMac))
        goodMAC.update(data: mcv + [0x86, 0x18] + padded)
        #expect(try receiver.unprotect(segment: [0x86, 0x18] + padded + Array(goodMAC.finalize()).prefix(8)).plaintext == [0x41])
    }

    @Test("malformed segments, unknown tags and wrong key sizes are rejected with typed errors")
    func malformed() throws {
        var (sender, receiver) = try Self.freshPair()
        let segment = try sender.protect(tag: 0x87, plaintext: [1, 2, 3])
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: Array(segment.dropLast())) }  // truncated
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: segment + [0]) }  // trailing byte
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: []) }
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: [0x87, 0x07, 1, 2, 3, 4, 5, 6, 7]) }  // shorter than MAC
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: [0x87, 0x0C] + [UInt8](repeating: 0, count: 12)) }  // 4-byte ciphertext
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: [0x87, 0x08] + [UInt8](repeating: 0, count: 8)) }  // empty ciphertext
        #expect(throws: BSPError.unsupportedTag(0x85)) { try receiver.unprotect(tag: 0x85, value: Array(segment.dropFirst(2))) }
        #expect(throws: BSPError.self) { try receiver.unprotect(segment: [0x85, 0x08] + [UInt8](repeating: 0, count: 8)) }
        #expect(throws: BSPError.unsupportedTag(0x88)) { try sender.encryptAndMAC(tag: 0x88, plaintext: [1]) }
        #expect(throws: BSPError.unsupportedTag(0x87)) { try sender.macOnly(tag: 0x87, plaintext: [1]) }
        #expect(throws: BSPError.unsupportedTag(0x01)) { try sender.protect(tag: 0x01, plaintext: [1]) }
        #expect(throws: BSPError.self) { try BSP(sEnc: [1], sMac: Self.randomKey(), macChainingValue: Self.randomKey()) }
        #expect(throws: BSPError.self) { try sender.replaceSessionKeys(ppkEnc: Self.randomKey(), ppkCmac: [], initialMacChainingValue: Self.randomKey()) }
        // Still usable after all the refusals.
        #expect(try receiver.unprotect(segment: segment).plaintext == [1, 2, 3])
    }

    @Test("ReplaceSessionKeys switches keys and MCV and restarts the counter at 1")
    func replaceSessionKeys() throws {
        var (sender, receiver) = try Self.freshPair()
        _ = try receiver.unprotect(segment: try sender.protect(tag: 0x87, plaintext: [1]))
        let ppkEnc = Self.randomKey(), ppkCmac = Self.randomKey(), mcv = Self.randomKey()
        try sender.replaceSessionKeys(ppkEnc: ppkEnc, ppkCmac: ppkCmac, initialMacChainingValue: mcv)
        #expect(sender.blockCounter == 1 && sender.sEnc == ppkEnc && sender.sMac == ppkCmac && sender.macChainingValue == mcv)
        let segment = try sender.protect(tag: 0x86, plaintext: [4, 5, 6])
        var stale = receiver
        #expect(throws: BSPError.macMismatch) { try stale.unprotect(segment: segment) }
        try receiver.replaceSessionKeys(ppkEnc: ppkEnc, ppkCmac: ppkCmac, initialMacChainingValue: mcv)
        #expect(try receiver.unprotect(segment: segment).plaintext == [4, 5, 6])
    }

    @Test("a 12163-byte UPP splits into twelve 1036-byte 86 segments and one of 90 bytes, and reassembles")
    func segmenting() throws {
        var (sender, receiver) = try Self.freshPair()
        let upp = (0..<12163).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let segments = try sender.protectSegmented(tag: 0x86, plaintext: upp)
        #expect(segments.map(\.count) == Array(repeating: 1036, count: 12) + [90])
        #expect(segments.allSatisfy { $0.first == 0x86 })
        #expect(try receiver.unprotect(segments: segments) == upp)
        #expect(receiver.blockCounter == 14)

        #expect(try BSP.chunks(of: upp, maxLength: 1020).map(\.count) == Array(repeating: 1020, count: 11) + [943])
        #expect(try BSP.chunks(of: [], maxLength: 1008).isEmpty)
        #expect(throws: BSPError.invalidSegmentSize(0)) { try BSP.chunks(of: upp, maxLength: 0) }
        var other = try Self.freshPair().sender
        #expect(try other.protectSegmented(tag: 0x86, plaintext: upp, maxPlaintextPerSegment: 1020).allSatisfy { $0.count <= 1036 })
    }

    @Test("the session description never shows key material")
    func redacted() throws {
        let keys = SessionKeys(initialMacChainingValue: Array(repeating: 0xAB, count: 16), sEnc: Array(repeating: 0xAB, count: 16), sMac: Array(repeating: 0xAB, count: 16))
        let bsp = try BSP(sessionKeys: keys)
        #expect(!"\(bsp)".lowercased().contains("ab"))
        #expect(!String(reflecting: bsp).contains("171"))
    }
}
