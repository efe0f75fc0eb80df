import Foundation
import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

/// `DERStructure` must accept exactly what `DER.parse` accepts: checked on real DER (certificates, the
/// recorded BPP, every TS.48 profile element) and on thousands of corruptions of it.
@Suite("DER structural walk")
struct DERStructureTests {
    /// Whole TLVs from the vectors: certificates, the BPP and the elements of every TS.48 profile.
    static func corpus() throws -> [[UInt8]] {
        var tlvs: [[UInt8]] = [
            try Vectors.bytes("bpp.der"),
            try Vectors.bytes("pki/CERT_CI_ECDSA_NIST.der"),
            try Vectors.bytes("pki/CERT_EUICC_ECDSA_NIST.der"),
            try Vectors.bytes("pki/CERT_S_SM_DPauth_ECDSA_NIST.der"),
        ]
        let names = try Vectors.files(in: ".", base: Vectors.profiles).filter { $0.hasSuffix(".der") }
        for name in names {
            let package = try Vectors.bytes(name, in: Vectors.profiles)
            var offset = 0
            while offset < package.count {
                let end = try DERStructure.validateTLV(package, at: offset).end
                tlvs.append(Array(package[offset..<end]))
                offset = end
            }
        }
        return tlvs
    }

    static func parses(_ bytes: [UInt8]) -> Bool { (try? DER.parse(bytes)) != nil }
    static func walks(_ bytes: [UInt8]) -> Bool { (try? DERStructure.validateSingle(bytes)) != nil }

    @Test("every TLV of the vectors is accepted, with the identifier and extent DER.parse finds")
    func acceptsTheVectors() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count > 500)
        for tlv in corpus {
            let node = try DER.parse(tlv)
            let walked = try DERStructure.validateSingle(tlv)
            #expect(walked.identifier == node.identifier)
            #expect(walked.end == tlv.count)
            if case .constructed = node.content { #expect(walked.constructed) } else { #expect(!walked.constructed) }
        }
    }

    @Test("corrupted TLVs (bytes changed, cut, inserted, lengths rewritten) are refused exactly when DER.parse refuses them")
    func agreesWithDERParseOnCorruptions() throws {
        let corpus = try Self.corpus()
        var random = SplitMix64(state: 0x5EED)
        var refused = 0
        for round in 0..<20_000 {
            let bytes = DERCorruption.apply(
                to: corpus[Int(random.next() % UInt64(corpus.count))], round: round, random: &random,
                specials: [0x80, 0x81, 0x82, 0x84, 0x88, 0x89, 0xFF, 0x1F, 0x00])
            let expected = Self.parses(bytes)
            #expect(Self.walks(bytes) == expected, "\(bytes.prefix(24).hexString)…")
            if !expected { refused += 1 }
        }
        #expect(refused > 5_000)
    }

    @Test(
        "DER's encoding rules",
        arguments: [
            ("04 03 010203", true),
            ("30 03 040100", true),
            ("04 81 03 010203", false),  // long form for a length under 128
            ("04 82 0003 010203", false),  // length in more octets than needed
            ("30 80 040100 0000", false),  // indefinite length
            ("04 05 0102", false),  // content shorter than the length
            ("04 84", false),  // length octets missing
            ("30 04 04 05 0102", false),  // child longer than its parent
            ("30 03 0401", false),  // child truncated inside its parent
            ("04 01 00 00", false),  // trailing byte
            ("00 00", false),  // [UNIVERSAL 0]
            ("9F 1E 00", false),  // tag under 31 in long form
            ("9F 80 20 00", false),  // long tag with a leading '80'
            ("9F 1F 00", true),
            ("BF 36 00", true),
            ("9F 81", false),  // long tag never ends
            ("04 89 010000000000000000", false),  // 9 length octets
        ])
    func rules(hex: String, accepted: Bool) throws {
        let bytes = try #require([UInt8](hex: hex.filter { !$0.isWhitespace }))
        #expect(Self.walks(bytes) == accepted)
        #expect(Self.parses(bytes) == accepted)
    }

    @Test("nesting deeper than DER.parse's limit of 50 is refused, 50 is accepted")
    func depth() {
        func nested(_ depth: Int) -> [UInt8] {
            var bytes: [UInt8] = [0x05, 0x00]
            for _ in 1..<depth {
                bytes = (bytes.count < 128 ? [0x30, UInt8(bytes.count)] : [0x30, 0x81, UInt8(bytes.count)]) + bytes
            }
            return bytes
        }
        #expect(Self.walks(nested(50)) && Self.parses(nested(50)))
        #expect(!Self.walks(nested(51)) && !Self.parses(nested(51)))
        // A constructed value at depth 50 may only be empty: a primitive child would be at depth 51.
        func nestedAround(_ innermost: [UInt8]) -> [UInt8] {
            var bytes = innermost
            for _ in 1..<50 {
                bytes = (bytes.count < 128 ? [0x30, UInt8(bytes.count)] : [0x30, 0x81, UInt8(bytes.count)]) + bytes
            }
            return bytes
        }
        #expect(Self.walks(nestedAround([0x30, 0x00])) && Self.parses(nestedAround([0x30, 0x00])))
        #expect(!Self.walks(nestedAround([0x30, 0x02, 0x05, 0x00])) && !Self.parses(nestedAround([0x30, 0x02, 0x05, 0x00])))
        #expect(!Self.walks(nestedAround([0x30, 0x02, 0x30, 0x00])) && !Self.parses(nestedAround([0x30, 0x02, 0x30, 0x00])))
    }
}
