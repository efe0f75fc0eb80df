import Crypto
import RSPCrypto
import SwiftASN1
import Testing

/// The recorded BoundProfilePackage (bpp.der, 12991 bytes) opened with keys derived from the recorded
/// one-time eUICC key, and rebuilt byte for byte from its plaintexts.
@Suite("BSP over the recorded bound profile package")
struct RecordedBPPTests {
    typealias V = RecordedSession

    /// The BPP at TLV level: BF36 { BF23 …, A0 {87…}, A1 {88…}, A2 {87…}, A3 {86…} }.
    struct Parts {
        var initialiseSecureChannelRequest: [UInt8]
        var firstSequenceOf87: [[UInt8]]
        var sequenceOf88: [[UInt8]]
        var secondSequenceOf87: [[UInt8]]
        var sequenceOf86: [[UInt8]]
    }

    static func parts() throws -> Parts {
        let root = try DER.parse(try V.vectorFile("bpp.der"))
        #expect(root.identifier == ASN1Identifier(tagWithNumber: 54, tagClass: .contextSpecific))
        guard case .constructed(let children) = root.content else { throw ASN1Error.invalidASN1Object(reason: "BF36") }
        let nodes = Array(children)
        try #require(nodes.count == 5)
        func segments(_ node: ASN1Node) throws -> [[UInt8]] {
            guard case .constructed(let inner) = node.content else { throw ASN1Error.invalidASN1Object(reason: "sequence of segments") }
            return inner.map { Array($0.encodedBytes) }
        }
        return Parts(
            initialiseSecureChannelRequest: Array(nodes[0].encodedBytes),
            firstSequenceOf87: try segments(nodes[1]),
            sequenceOf88: try segments(nodes[2]),
            secondSequenceOf87: try segments(nodes[3]),
            sequenceOf86: try segments(nodes[4]))
    }

    static func sessionKeys() throws -> SessionKeys {
        let otSK = try P256.KeyAgreement.PrivateKey(rawRepresentation: try V.bytes(V.euiccOtSKScalar))
        return try SessionKeys.derive(
            oneTimePrivateKey: otSK, peerOneTimePublicKey: try V.bytes(V.smdpOtpk),
            hostId: try V.bytes(V.hostId), eid: try V.bytes(V.eid))
    }

    /// The three 16-byte values of a ReplaceSessionKeysRequest 'BF26' { 80 mcv, 81 ppkEnc, 82 ppkCmac }.
    static func replaceSessionKeys(_ der: [UInt8]) throws -> (mcv: [UInt8], ppkEnc: [UInt8], ppkCmac: [UInt8]) {
        let node = try DER.parse(der)
        #expect(node.identifier == ASN1Identifier(tagWithNumber: 38, tagClass: .contextSpecific))
        guard case .constructed(let children) = node.content else { throw ASN1Error.invalidASN1Object(reason: "BF26") }
        let values = try children.map { child -> [UInt8] in
            guard case .primitive(let value) = child.content else { throw ASN1Error.invalidASN1Object(reason: "BF26 field") }
            return Array(value)
        }
        try #require(values.count == 3)
        return (values[0], values[1], values[2])
    }

    @Test("the recorded BPP's InitialiseSecureChannelRequest is the one whose smdpSign was verified")
    func initialiseSecureChannel() throws {
        #expect(try Self.parts().initialiseSecureChannelRequest == (try V.bytes(V.initialiseSecureChannelRequest)))
    }

    @Test("every segment of the recorded BPP MAC-verifies and decrypts to the recorded plaintexts and UPP hash")
    func decryptAll() throws {
        let parts = try Self.parts()
        #expect(parts.firstSequenceOf87.count == 1)
        #expect(parts.sequenceOf88.count == 1)
        #expect(parts.secondSequenceOf87.count == 1)
        #expect(parts.sequenceOf86.map(\.count) == Array(repeating: 1036, count: 12) + [90])

        var bsp = try BSP(sessionKeys: try Self.sessionKeys())
        let configureISDP = try bsp.unprotect(segments: parts.firstSequenceOf87)
        #expect(configureISDP == (try V.vectorFile("bpp-plaintext/configureISDPRequest.der")))
        let storeMetadata = try bsp.unprotect(segments: parts.sequenceOf88)
        #expect(storeMetadata == (try V.vectorFile("bpp-plaintext/storeMetadataRequest.der")))
        #expect(bsp.blockCounter == 3)  // the MAC-only '88' segment advanced the counter too
        let replace = try Self.replaceSessionKeys(try bsp.unprotect(segments: parts.secondSequenceOf87))
        #expect(replace.mcv == (try V.bytes(V.ppkInitialMacChainingValue)))
        #expect(replace.ppkEnc == (try V.bytes(V.ppkEnc)))
        #expect(replace.ppkCmac == (try V.bytes(V.ppkCmac)))

        try bsp.replaceSessionKeys(ppkEnc: replace.ppkEnc, ppkCmac: replace.ppkCmac, initialMacChainingValue: replace.mcv)
        let upp = try bsp.unprotect(segments: parts.sequenceOf86)
        #expect(upp.count == 12163)
        #expect(Array(SHA256.hash(data: upp)) == (try V.bytes(V.uppSHA256)))
        #expect(upp == (try V.vectorFile("bpp-plaintext/upp.der")))
    }

    @Test("the 86 segments do not open with the session keys: ReplaceSessionKeys is required")
    func uppNeedsReplacedKeys() throws {
        let parts = try Self.parts()
        var bsp = try BSP(sessionKeys: try Self.sessionKeys())
        _ = try bsp.unprotect(segments: parts.firstSequenceOf87 + parts.sequenceOf88 + parts.secondSequenceOf87)
        #expect(throws: BSPError.macMismatch) { try bsp.unprotect(segments: parts.sequenceOf86) }
    }

    @Test("re-protecting the recorded plaintexts with the recorded keys reproduces every segment byte for byte")
    func reencrypt() throws {
        let parts = try Self.parts()
        var bsp = try BSP(sessionKeys: try Self.sessionKeys())
        #expect([try bsp.protect(tag: 0x87, plaintext: try V.vectorFile("bpp-plaintext/configureISDPRequest.der"))] == parts.firstSequenceOf87)
        #expect(try bsp.protectSegmented(tag: 0x88, plaintext: try V.vectorFile("bpp-plaintext/storeMetadataRequest.der")) == parts.sequenceOf88)
        let replaceRequest = try V.bytes("bf2636" + "8010" + V.ppkInitialMacChainingValue + "8110" + V.ppkEnc + "8210" + V.ppkCmac)
        #expect([try bsp.encryptAndMAC(tag: 0x87, plaintext: replaceRequest)] == parts.secondSequenceOf87)
        try bsp.replaceSessionKeys(
            ppkEnc: try V.bytes(V.ppkEnc), ppkCmac: try V.bytes(V.ppkCmac), initialMacChainingValue: try V.bytes(V.ppkInitialMacChainingValue))
        let upp = try V.vectorFile("bpp-plaintext/upp.der")
        #expect(try bsp.protectSegmented(tag: 0x86, plaintext: upp) == parts.sequenceOf86)
    }

    @Test("a flipped bit anywhere in a recorded 86 segment is rejected with macMismatch")
    func tamperedRecordedSegment() throws {
        let parts = try Self.parts()
        var bsp = try BSP(sessionKeys: try Self.sessionKeys())
        _ = try bsp.unprotect(segments: parts.firstSequenceOf87 + parts.sequenceOf88 + parts.secondSequenceOf87)
        try bsp.replaceSessionKeys(
            ppkEnc: try V.bytes(V.ppkEnc), ppkCmac: try V.bytes(V.ppkCmac), initialMacChainingValue: try V.bytes(V.ppkInitialMacChainingValue))
        let segment = parts.sequenceOf86[0]
        for index in [4, 500, segment.count - 9, segment.count - 1] {
            #expect(throws: BSPError.macMismatch) { try bsp.unprotect(segment: V.flippingBit(segment, at: index)) }
        }
        #expect(try bsp.unprotect(segment: segment).plaintext.count == 1008)
    }
}
