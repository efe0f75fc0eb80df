import RSPCore
import SwiftASN1
import Testing

/// `DERWriter` headers must be the octets swift-asn1's serializer writes for the same TLV.
@Suite("DER writer")
struct DERWriterTests {
    static let identifiers: [ASN1Identifier] = [
        .octetString, .sequence, .context(0), .context(7), .context(30), .context(31), .context(35), .context(54),
        .context(127), .context(128), .context(16_383), .context(16_384), .application(55), .application(73),
        .privateTag(3), ASN1Identifier(tagWithNumber: UInt(UInt32.max), tagClass: .contextSpecific),
    ]
    static let lengths = [0, 1, 127, 128, 255, 256, 1020, 65_535, 65_536]

    @Test("identifier and length octets match swift-asn1, primitive and constructed", arguments: lengths)
    func headers(length: Int) throws {
        let content = [UInt8](repeating: 0x5A, count: length)
        for identifier in Self.identifiers {
            var reference = DER.Serializer()
            reference.appendPrimitiveNode(identifier: identifier) { $0.append(contentsOf: content) }
            var primitive: [UInt8] = []
            DERWriter.appendPrimitive(identifier, content: content, to: &primitive)
            #expect(primitive == reference.serializedBytes, "\(identifier) length \(length)")
            #expect(primitive.count == DERWriter.tlvSize(identifier, contentLength: length))

            var constructedReference = DER.Serializer()
            try constructedReference.appendConstructedNode(identifier: identifier) { $0.serializeRawBytes(content) }
            var constructed: [UInt8] = []
            DERWriter.appendHeader(identifier, constructed: true, contentLength: length, to: &constructed)
            #expect(constructed.count == DERWriter.headerSize(identifier, contentLength: length))
            #expect(constructed + content == constructedReference.serializedBytes, "\(identifier) length \(length)")
        }
    }

    @Test("lengths of four and eight octets (too large to compare with a real serialisation)")
    func largeLengths() {
        var header: [UInt8] = []
        DERWriter.appendHeader(.context(54), constructed: true, contentLength: 16_777_216, to: &header)
        #expect(header == [0xBF, 0x36, 0x84, 0x01, 0x00, 0x00, 0x00])
        header = []
        DERWriter.appendHeader(.octetString, constructed: false, contentLength: Int.max, to: &header)
        #expect(header == [0x04, 0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(DERWriter.headerSize(.octetString, contentLength: Int.max) == header.count)
    }
}
