import Crypto
import CryptoExtras
import SwiftASN1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One direction of a BSP (BPP protection protocol, formerly SCP03t) session (SGP.22 §2.5.4, §2.6.4, §5.5):
/// the keys, the MAC chaining value and the block counter, advanced by every segment protected or
/// unprotected.
///
/// - Encrypt and MAC ('86', '87'): the plaintext is padded ISO/IEC 9797-1 method 2 ('80' then '00' to a
///   multiple of 16), encrypted with AES-128-CBC under S-ENC with ICV = AES(S-ENC, block counter as 16
///   big-endian bytes), then C-MAC = AES-CMAC(S-MAC, MCV ‖ tag ‖ length ‖ ciphertext) where length is the
///   BER length of ciphertext + 8. The segment is tag ‖ length ‖ ciphertext ‖ first 8 bytes of the C-MAC;
///   the full 16-byte C-MAC becomes the next MCV.
/// - MAC only ('88'): the same over the plaintext.
/// - The block counter starts at 1 and is incremented once per segment, for MAC-only segments too
///   (SGP.22 §2.6.4.4; the recorded pySim session's second '87' uses counter 3 after one '87' and one '88').
///
/// A failed unprotect (bad MAC, bad padding, malformed segment) leaves the session unchanged.
public struct BSP: Sendable {
    /// S-ENC (or PPK-ENC after ReplaceSessionKeys), 16 bytes.
    public private(set) var sEnc: [UInt8]
    /// S-MAC (or PPK-MAC after ReplaceSessionKeys), 16 bytes.
    public private(set) var sMac: [UInt8]
    /// The current MAC chaining value: the initial one, then the full C-MAC of the previous segment.
    public private(set) var macChainingValue: [UInt8]
    /// The block counter used for the ICV of the next segment; starts at 1.
    public private(set) var blockCounter: UInt64
    /// S-ENC and the C-MAC of S-MAC, prepared once per session rather than once per segment.
    private let encryptionKey: SymmetricKey
    private let cmac: AESCMAC

    public init(sEnc: [UInt8], sMac: [UInt8], macChainingValue: [UInt8], blockCounter: UInt64 = 1) throws {
        try Self.requireKeySize(sEnc, name: "S-ENC")
        try Self.requireKeySize(sMac, name: "S-MAC")
        try Self.requireKeySize(macChainingValue, name: "MAC chaining value")
        self.sEnc = sEnc
        self.sMac = sMac
        self.macChainingValue = macChainingValue
        self.blockCounter = blockCounter
        encryptionKey = SymmetricKey(data: sEnc)
        cmac = try AESCMAC(key: SymmetricKey(data: sMac))
    }

    /// A fresh session from the keys derived after ECKA: counter 1, MCV = the initial MAC chaining value.
    public init(sessionKeys: SessionKeys) throws {
        try self.init(sEnc: sessionKeys.sEnc, sMac: sessionKeys.sMac, macChainingValue: sessionKeys.initialMacChainingValue)
    }

    /// ReplaceSessionKeys (SGP.22 §2.5.4, §5.5.3): from the next segment on, PPK-ENC and PPK-MAC replace
    /// the session keys, the MAC chaining value restarts from the given initial value and the block
    /// counter from 1.
    public mutating func replaceSessionKeys(ppkEnc: [UInt8], ppkCmac: [UInt8], initialMacChainingValue: [UInt8]) throws {
        self = try BSP(sEnc: ppkEnc, sMac: ppkCmac, macChainingValue: initialMacChainingValue)
    }

    // MARK: Protecting

    /// Protects one segment according to its tag: '86' and '87' are encrypted and MACed, '88' MACed only.
    /// Any collection of bytes, so that a chunk of a longer plaintext is padded straight from its slice.
    public mutating func protect(tag: UInt8, plaintext: some Collection<UInt8>) throws -> [UInt8] {
        switch tag {
        case BSPConstants.profileSegmentTag, BSPConstants.encryptedTag:
            return try encryptAndMAC(tag: tag, plaintext: plaintext)
        case BSPConstants.macOnlyTag:
            return try macOnly(tag: tag, plaintext: Array(plaintext))
        default:
            throw BSPError.unsupportedTag(tag)
        }
    }

    /// Encrypts and MACs one segment ('86' or '87'); returns the whole TLV.
    public mutating func encryptAndMAC(tag: UInt8, plaintext: some Collection<UInt8>) throws -> [UInt8] {
        guard tag == BSPConstants.profileSegmentTag || tag == BSPConstants.encryptedTag else {
            throw BSPError.unsupportedTag(tag)
        }
        let next = try Self.incremented(blockCounter)
        let ciphertext = try cbcEncrypt(Self.pad(plaintext), icv: icv(counter: blockCounter))
        let segment = try macced(tag: tag, body: ciphertext)
        blockCounter = next
        return segment
    }

    /// MACs one segment without encrypting it ('88'); returns the whole TLV. The block counter still advances.
    public mutating func macOnly(tag: UInt8 = BSPConstants.macOnlyTag, plaintext: [UInt8]) throws -> [UInt8] {
        guard tag == BSPConstants.macOnlyTag else { throw BSPError.unsupportedTag(tag) }
        let next = try Self.incremented(blockCounter)
        let segment = try macced(tag: tag, body: plaintext)
        blockCounter = next
        return segment
    }

    /// tag ‖ length ‖ body ‖ the first 8 bytes of its C-MAC, which becomes the next MCV.
    private mutating func macced(tag: UInt8, body: [UInt8]) throws -> [UInt8] {
        var segment: [UInt8] = []
        segment.reserveCapacity(Self.maximumHeaderLength + body.count + BSPConstants.macLength)
        Self.appendHeader(tag: tag, bodyCount: body.count, to: &segment)
        let headerCount = segment.count
        segment += body
        let mac = try cmac(header: segment[..<headerCount], body: body)
        macChainingValue = mac
        segment += mac.prefix(BSPConstants.macLength)
        return segment
    }

    /// Splits `plaintext` into chunks of at most `maxPlaintextPerSegment` bytes and protects them in order
    /// (e.g. the UPP as '86' segments). An empty plaintext gives no segment.
    public mutating func protectSegmented(
        tag: UInt8, plaintext: [UInt8], maxPlaintextPerSegment: Int = BSPConstants.maxPlaintextPerSegment
    ) throws -> [[UInt8]] {
        var session = self
        var segments = [[UInt8]]()
        for chunk in try Self.chunks(of: plaintext, maxLength: maxPlaintextPerSegment) {
            segments.append(try session.protect(tag: tag, plaintext: chunk))
        }
        self = session
        return segments
    }

    /// The chunks `protectSegmented` uses: consecutive slices of at most `maxLength` bytes.
    public static func chunks(of plaintext: [UInt8], maxLength: Int) throws -> [ArraySlice<UInt8>] {
        guard maxLength >= 1 else { throw BSPError.invalidSegmentSize(maxLength) }
        return stride(from: 0, to: plaintext.count, by: maxLength).map {
            plaintext[$0..<min($0 + maxLength, plaintext.count)]
        }
    }

    // MARK: Unprotecting

    /// Verifies and unprotects one segment TLV ('86'/'87' decrypted, '88' MAC-checked);
    /// returns its tag and plaintext.
    public mutating func unprotect(segment: [UInt8]) throws -> (tag: UInt8, plaintext: [UInt8]) {
        let node: ASN1Node
        do {
            node = try DER.parse(segment)
        } catch {
            throw BSPError.malformedSegment("not a single TLV: \(error)")
        }
        guard node.identifier.tagClass == .contextSpecific, (6...8).contains(node.identifier.tagNumber),
            case .primitive(let value) = node.content
        else {
            throw BSPError.malformedSegment("unexpected tag \(node.identifier)")
        }
        let tag = UInt8(0x80 | node.identifier.tagNumber)
        return (tag, try unprotect(tag: tag, value: Array(value)))
    }

    /// Verifies and unprotects one segment given as tag and value (ciphertext or plaintext ‖ 8-byte MAC),
    /// e.g. an element of BoundProfilePackage's `SEQUENCE OF [7] OCTET STRING`.
    public mutating func unprotect(tag: UInt8, value: [UInt8]) throws -> [UInt8] {
        let encrypted: Bool
        switch tag {
        case BSPConstants.profileSegmentTag, BSPConstants.encryptedTag: encrypted = true
        case BSPConstants.macOnlyTag: encrypted = false
        default: throw BSPError.unsupportedTag(tag)
        }
        let macLength = BSPConstants.macLength
        guard value.count >= macLength else {
            throw BSPError.malformedSegment("\(value.count) bytes, shorter than the MAC")
        }
        let body = Array(value.dropLast(macLength))
        let receivedMAC = value.suffix(macLength)
        if encrypted {
            guard !body.isEmpty, body.count % BSPConstants.blockSize == 0 else {
                throw BSPError.malformedSegment("ciphertext of \(body.count) bytes is not a non-empty multiple of 16")
            }
        }
        let next = try Self.incremented(blockCounter)
        var header: [UInt8] = []
        header.reserveCapacity(Self.maximumHeaderLength)
        Self.appendHeader(tag: tag, bodyCount: body.count, to: &header)
        let mac = try cmac(header: header[...], body: body)
        guard Self.constantTimeEqual(mac.prefix(macLength), receivedMAC) else { throw BSPError.macMismatch }
        let plaintext: [UInt8]
        if encrypted {
            let padded = try cbcDecrypt(body, icv: icv(counter: blockCounter))
            plaintext = try Self.unpad(padded)
        } else {
            plaintext = body
        }
        macChainingValue = mac
        blockCounter = next
        return plaintext
    }

    /// Unprotects segments in order and concatenates their plaintexts (e.g. all '86' segments → the UPP).
    public mutating func unprotect(segments: [[UInt8]]) throws -> [UInt8] {
        var session = self
        var plaintext = [UInt8]()
        for segment in segments {
            plaintext += try session.unprotect(segment: segment).plaintext
        }
        self = session
        return plaintext
    }

    // MARK: Padding (ISO/IEC 9797-1 method 2)

    /// Appends '80' then '00' bytes up to the next multiple of 16 (always at least one byte), into
    /// one buffer of the padded size.
    public static func pad(_ data: some Collection<UInt8>) -> [UInt8] {
        let size = BSPConstants.blockSize
        var out: [UInt8] = []
        out.reserveCapacity((data.count / size + 1) * size)
        out.append(contentsOf: data)
        out.append(0x80)
        while out.count % size != 0 { out.append(0) }
        return out
    }

    /// Removes ISO/IEC 9797-1 method 2 padding: the last non-zero byte, within the last block, must be '80'.
    public static func unpad(_ padded: [UInt8]) throws -> [UInt8] {
        guard let index = padded.lastIndex(where: { $0 != 0 }), padded[index] == 0x80,
            padded.count - index <= BSPConstants.blockSize
        else {
            throw BSPError.badPadding
        }
        return Array(padded[..<index])
    }

    // MARK: Primitives (all from swift-crypto)

    /// ICV = AES-ECB(S-ENC, counter as a 16-byte big-endian block).
    private func icv(counter: UInt64) throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: BSPConstants.blockSize)
        for i in 0..<8 {
            block[BSPConstants.blockSize - 1 - i] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(i)))
        }
        try AES.permute(&block, key: encryptionKey)
        return block
    }

    private func cbcEncrypt(_ padded: [UInt8], icv: [UInt8]) throws -> [UInt8] {
        Array(try AES._CBC.encrypt(padded, using: encryptionKey, iv: AES._CBC.IV(ivBytes: icv), noPadding: true))
    }

    private func cbcDecrypt(_ ciphertext: [UInt8], icv: [UInt8]) throws -> [UInt8] {
        Array(try AES._CBC.decrypt(ciphertext, using: encryptionKey, iv: AES._CBC.IV(ivBytes: icv), noPadding: true))
    }

    /// The segment header: tag ‖ BER length of the body and its 8-byte MAC.
    private static func appendHeader(tag: UInt8, bodyCount: Int, to out: inout [UInt8]) {
        out.append(tag)
        appendBERLength(bodyCount + BSPConstants.macLength, to: &out)
    }

    /// A tag and the longest BER length `appendBERLength` writes ('84' and four bytes).
    private static let maximumHeaderLength = 1 + 1 + 4

    /// The full 16-byte C-MAC = AES-CMAC(S-MAC, MCV ‖ header ‖ body).
    private func cmac(header: ArraySlice<UInt8>, body: [UInt8]) throws -> [UInt8] {
        var message = macChainingValue
        message.reserveCapacity(message.count + header.count + body.count)
        message += header
        message += body
        return try cmac.mac(message)
    }

    /// BER/DER definite length: one byte below 128, else '81'…'84' and the big-endian length.
    static func appendBERLength(_ length: Int, to out: inout [UInt8]) {
        guard length >= 0x80 else {
            out.append(UInt8(length))
            return
        }
        var count = 0
        while length >> (8 * count) > 0 { count += 1 }
        out.append(0x80 | UInt8(count))
        for index in stride(from: count - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: length >> (8 * index)))
        }
    }

    private static func constantTimeEqual(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    private static func incremented(_ counter: UInt64) throws -> UInt64 {
        let (next, overflow) = counter.addingReportingOverflow(1)
        guard !overflow else { throw BSPError.counterExhausted }
        return next
    }

    private static func requireKeySize(_ key: [UInt8], name: String) throws {
        guard key.count == Int(BSPConstants.keyLength) else {
            throw BSPError.invalidKeyLength("\(name) has \(key.count) bytes, expected 16")
        }
    }
}

extension BSP: CustomStringConvertible, CustomDebugStringConvertible {
    /// Redacted apart from the block counter: the keys are secrets and must never reach a log.
    public var description: String { "BSP(blockCounter: \(blockCounter), keys: <redacted>)" }
    public var debugDescription: String { description }
}
