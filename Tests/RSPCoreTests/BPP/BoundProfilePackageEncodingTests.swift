import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

/// The BPP's own encoder (lengths first, one pass) must write exactly what swift-asn1's serializer writes
/// for the same structure, field by field.
@Suite("BoundProfilePackage encoding")
struct BoundProfilePackageEncodingTests {
    /// swift-asn1's generic serializer over the BPP's ASN.1: the reference the fast encoder must equal.
    static func reference(_ bpp: BoundProfilePackage, identifier: ASN1Identifier = .context(54)) throws -> [UInt8] {
        func list(_ segments: [OctetString], _ list: UInt, _ element: UInt, _ coder: inout DER.Serializer) throws {
            try coder.appendConstructedNode(identifier: .context(list)) { coder in
                for segment in segments {
                    try ASN1OctetString(contentBytes: segment.bytes[...]).serialize(into: &coder, withIdentifier: .context(element))
                }
            }
        }
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try bpp.initialiseSecureChannelRequest.serialize(into: &coder, withIdentifier: .context(35))
            try list(bpp.firstSequenceOf87, 0, 7, &coder)
            try list(bpp.sequenceOf88, 1, 8, &coder)
            if let second = bpp.secondSequenceOf87 { try list(second, 2, 7, &coder) }
            try list(bpp.sequenceOf86, 3, 6, &coder)
        }
        return coder.serializedBytes
    }

    /// Segments of the given sizes with varied content.
    static func segments(_ sizes: [Int], seed: UInt8) -> [OctetString] {
        sizes.enumerated().map { index, size in
            OctetString((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index &+ Int(seed)) })
        }
    }

    static func generated(profileBytes: Int, withReplaceSessionKeys: Bool) throws -> BoundProfilePackage {
        let recorded = try BoundProfilePackage(derBytes: Vectors.bytes("bpp.der"))
        let full = profileBytes / 1020
        let sizes = Array(repeating: 1020, count: full) + (profileBytes % 1020 == 0 ? [] : [profileBytes % 1020])
        return BoundProfilePackage(
            initialiseSecureChannelRequest: recorded.initialiseSecureChannelRequest,
            firstSequenceOf87: segments([24], seed: 1), sequenceOf88: segments([120, 130], seed: 2),
            secondSequenceOf87: withReplaceSessionKeys ? segments([72], seed: 3) : nil,
            sequenceOf86: segments(sizes, seed: 4))
    }

    @Test("the recorded BPP re-encodes byte for byte, as swift-asn1 encodes it")
    func recorded() throws {
        let bytes = try Vectors.bytes("bpp.der")
        let bpp = try BoundProfilePackage(derBytes: bytes)
        #expect(try bpp.derEncoded() == bytes)
        #expect(try Self.reference(bpp) == bytes)
        // The generic path (a `some DERSerializable` caller) writes the same bytes.
        var serializer = DER.Serializer()
        try serializer.serialize(bpp)
        #expect(serializer.serializedBytes == bytes)
    }

    @Test(
        "generated BPPs of 12 KB and about 100 KB, with and without ReplaceSessionKeys, equal swift-asn1's encoding",
        arguments: [12_163, 100_000, 101_001], [false, true])
    func generated(profileBytes: Int, withReplaceSessionKeys: Bool) throws {
        let bpp = try Self.generated(profileBytes: profileBytes, withReplaceSessionKeys: withReplaceSessionKeys)
        let encoded = try bpp.derEncoded()
        #expect(encoded == (try Self.reference(bpp)))
        #expect(encoded.count > profileBytes)
        #expect(try BoundProfilePackage(derBytes: encoded) == bpp)
    }

    @Test("segment and list lengths around the DER length-form boundaries, empty lists, another tag")
    func boundaries() throws {
        let recorded = try BoundProfilePackage(derBytes: Vectors.bytes("bpp.der"))
        let sizes = [0, 1, 126, 127, 128, 129, 255, 256, 257, 1020, 65_535, 65_536]
        for (index, size) in sizes.enumerated() {
            let bpp = BoundProfilePackage(
                initialiseSecureChannelRequest: recorded.initialiseSecureChannelRequest,
                firstSequenceOf87: index % 2 == 0 ? [] : Self.segments([size], seed: 5),
                sequenceOf88: Self.segments([size, sizes[(index + 1) % sizes.count]], seed: 6),
                secondSequenceOf87: index % 3 == 0 ? [] : Self.segments([size], seed: 7),
                sequenceOf86: index % 4 == 0 ? [] : Self.segments([size, 3, size], seed: 8))
            #expect(try bpp.derEncoded() == (try Self.reference(bpp)), "size \(size)")
            #expect(try bpp.derEncoded(withIdentifier: .context(9)) == (try Self.reference(bpp, identifier: .context(9))))
        }
    }

    @Test("inside GetBoundProfilePackageOk (generic serializer around it) the bytes are unchanged")
    func nested() throws {
        let bpp = try Self.generated(profileBytes: 12_163, withReplaceSessionKeys: true)
        let ok = GetBoundProfilePackageOk(transactionId: [0x01, 0x02], boundProfilePackage: bpp)
        let encoded = try ok.derEncoded()
        var reference = DER.Serializer()
        try reference.appendConstructedNode(identifier: GetBoundProfilePackageOk.defaultIdentifier) { coder in
            try OctetString([0x01, 0x02]).serialize(into: &coder, withIdentifier: .context(0))
            coder.serializeRawBytes(try Self.reference(bpp))
        }
        #expect(encoded == reference.serializedBytes)
        #expect(try GetBoundProfilePackageOk(derBytes: encoded) == ok)
    }
}
