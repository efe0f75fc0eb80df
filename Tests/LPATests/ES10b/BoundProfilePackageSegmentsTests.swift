import Foundation
import LPA
import RSPCore
import RSPTestSupport
import Testing

@Suite("BPP segmentation (SGP.22 §2.5.5) of the recorded pySim BPP")
struct BoundProfilePackageSegmentsTests {
    let bpp: [UInt8]
    let parts: [String: Any]

    init() throws {
        bpp = try Vectors.bytes("bpp.der")
        parts = try Vectors.json("bpp-parts.json")
    }

    func hex(_ entry: [String: Any], _ key: String) throws -> [UInt8] {
        guard let text = entry[key] as? String, let bytes = [UInt8](hex: text) else {
            throw VectorFieldMissing(field: "bpp-parts.json#\(key)")
        }
        return bytes
    }

    func part(_ prefix: String) throws -> [String: Any] {
        guard let entry = parts.first(where: { $0.key.hasPrefix(prefix) })?.value as? [String: Any] else {
            throw VectorFieldMissing(field: "bpp-parts.json#\(prefix)")
        }
        return entry
    }

    @Test("the recorded BPP splits into 19 pieces whose concatenation is the BPP byte for byte")
    func countAndConcatenation() throws {
        let pieces = try BoundProfilePackageSegments.split(bpp)
        // BF36+BF23, A0+87, A1, 88, A2+87, A3, 13 × 86
        #expect(pieces.count == 19)
        #expect(pieces.flatMap { $0 } == bpp)
    }

    @Test("each piece starts and ends where SGP.22 §2.5.5 says, matching the lengths pySim recorded")
    func boundaries() throws {
        let pieces = try BoundProfilePackageSegments.split(bpp)
        let iscr = try part("initialiseSecureChannelRequest")
        let iscrTLV = try hex(iscr, "tlv_hex")
        // 1: 'BF36' tag + 3-byte length (82 32 BA): 12986 bytes of content, 12991 in all, then the whole BF23 TLV.
        #expect(Array(pieces[0].prefix(5)) == [0xBF, 0x36, 0x82, 0x32, 0xBA])
        #expect(bpp.count == 5 + 0x32BA && bpp.count == parts["len"] as? Int)
        #expect(Array(pieces[0].dropFirst(5)) == iscrTLV)

        // 2: 'A0' header + the single '87' TLV (pySim's lengths are whole TLVs).
        let first87 = try part("firstSequenceOf87")
        #expect((first87["tlv_lens"] as? [Int]) == [26])
        let prefix87 = try hex(first87, "first_tlv_hex_prefix")
        #expect(pieces[1] == [0xA0, 0x1A] + Array(pieces[1].dropFirst(2)))
        #expect(Array(pieces[1].dropFirst(2)).starts(with: prefix87))
        #expect(pieces[1].count == 2 + 26)

        // 3: 'A1' header alone; 4: the '88' TLV.
        #expect(pieces[2] == [0xA1, 0x81, 0xAF])
        let seq88 = try part("sequenceOf88")
        #expect((seq88["tlv_lens"] as? [Int]) == [175])
        let prefix88 = try hex(seq88, "first_tlv_hex_prefix")
        #expect(pieces[3].starts(with: prefix88))
        #expect(pieces[3].count == 175)

        // 5: 'A2' header + its '87' TLV.
        let second87 = try part("secondSequenceOf87")
        #expect((second87["tlv_lens"] as? [Int]) == [74])
        #expect(Array(pieces[4].prefix(3)) == [0xA2, 0x4A, 0x87])
        #expect(pieces[4].count == 2 + 74)

        // 6: 'A3' header alone (12522 bytes of content); 7…19: the 13 '86' TLVs.
        #expect(pieces[5] == [0xA3, 0x82, 0x30, 0xEA])
        let seq86 = try part("sequenceOf86")
        let lengths86 = try #require(seq86["tlv_lens"] as? [Int])
        #expect(lengths86.count == 13)
        #expect(pieces.dropFirst(6).map(\.count) == lengths86)
        #expect(pieces.dropFirst(6).allSatisfy { $0.first == 0x86 })
    }

    @Test("a BPP without secondSequenceOf87 has no 'A2' piece")
    func withoutSecondSequenceOf87() throws {
        var decoded = try BoundProfilePackage(derBytes: bpp)
        decoded.secondSequenceOf87 = nil
        let bytes = try decoded.derEncoded()
        let pieces = try BoundProfilePackageSegments.split(bytes)
        #expect(pieces.count == 18)
        #expect(pieces.flatMap { $0 } == bytes)
        #expect(!pieces.contains { $0.first == 0xA2 })
    }

    @Test("a BPP with several '87' in firstSequenceOf87 sends the header with the first and the rest alone")
    func severalFirst87() throws {
        var decoded = try BoundProfilePackage(derBytes: bpp)
        decoded.firstSequenceOf87 = [[1, 2, 3], [4, 5], [6]]
        let pieces = try BoundProfilePackageSegments.split(try decoded.derEncoded())
        #expect(pieces[1] == [0xA0, 0x0C, 0x87, 0x03, 1, 2, 3])
        #expect(pieces[2] == [0x87, 0x02, 4, 5])
        #expect(pieces[3] == [0x87, 0x01, 6])
        #expect(pieces[4].first == 0xA1)
    }

    @Test("count(of:) gives the number of pieces split cuts, with and without the optional and empty lists")
    func countWithoutSplitting() throws {
        let recorded = try BoundProfilePackage(derBytes: bpp)
        var variants = [recorded]
        var without87 = recorded
        without87.secondSequenceOf87 = nil
        var several = recorded
        several.firstSequenceOf87 = [[1, 2, 3], [4, 5], [6]]
        several.sequenceOf88 = [[7], [8]]
        var empty = recorded
        empty.firstSequenceOf87 = []
        empty.sequenceOf88 = []
        empty.secondSequenceOf87 = []
        empty.sequenceOf86 = []
        variants += [without87, several, empty]
        for variant in variants {
            let pieces = try BoundProfilePackageSegments.split(try variant.derEncoded())
            #expect(BoundProfilePackageSegments.count(of: variant) == pieces.count)
        }
        #expect(BoundProfilePackageSegments.count(of: recorded) == 19)
    }

    @Test("malformed BPPs are refused with a typed error: wrong outer tag, truncated, elements out of order")
    func malformed() throws {
        #expect(throws: BoundProfilePackageSegments.Malformed.self) {
            try BoundProfilePackageSegments.split([0xBF, 0x37, 0x00])
        }
        #expect(throws: BoundProfilePackageSegments.Malformed.self) {
            try BoundProfilePackageSegments.split(Array(bpp.dropLast()))
        }
        #expect(throws: BoundProfilePackageSegments.Malformed.self) {
            try BoundProfilePackageSegments.split([])
        }
        // 'A1' before 'A0'.
        #expect(throws: BoundProfilePackageSegments.Malformed.self) {
            try BoundProfilePackageSegments.split([0xBF, 0x36, 0x0A, 0xBF, 0x23, 0x00, 0xA1, 0x00, 0xA0, 0x00, 0xA3, 0x00])
        }
        // An '88' inside firstSequenceOf87.
        #expect(throws: BoundProfilePackageSegments.Malformed.self) {
            try BoundProfilePackageSegments.split([0xBF, 0x36, 0x0C, 0xBF, 0x23, 0x00, 0xA0, 0x02, 0x88, 0x00, 0xA1, 0x00, 0xA3, 0x00])
        }
    }

    @Test("LoadBoundProfilePackage sends each piece as its own STORE DATA sequence and returns the PIR")
    func loadSendsPieces() async throws {
        let session = try RecordedSession()
        let card = FakeEUICCCard()
        await card.answerBPP { _ in DownloadRig.der(session.installationResult) }
        let result = try await ES10Client(transport: card).loadBoundProfilePackage(derBytes: bpp)
        #expect(result == session.installationResult)
        #expect(await card.bppSegments == (try BoundProfilePackageSegments.split(bpp)))
        #expect(await card.protocolViolations.isEmpty)
    }

    @Test("an early Profile Installation Result stops the BPP transfer; no answer at all is an error")
    func earlyAnswerAndNoAnswer() async throws {
        let session = try RecordedSession()
        let early = FakeEUICCCard()
        await early.setEarlyBPPAnswer(afterSegments: 2, response: DownloadRig.der(session.installationResult))
        _ = try await ES10Client(transport: early).loadBoundProfilePackage(derBytes: bpp)
        #expect(await early.bppSegments.count == 2)

        let silent = FakeEUICCCard()
        await #expect {
            _ = try await ES10Client(transport: silent).loadBoundProfilePackage(derBytes: bpp)
        } throws: { error in
            if case LPAError.unexpectedResponse = error { return true }
            return false
        }
    }
}
