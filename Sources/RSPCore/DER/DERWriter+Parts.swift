import SwiftASN1

extension DERWriter {
    /// A constructed TLV around parts that are already complete DER (each a whole TLV), written once
    /// into a buffer of the final size. For messages that carry certificates or signed blocks as bytes:
    /// swift-asn1 would shift those long contents right byte by byte at every level of nesting.
    public static func constructed(_ identifier: ASN1Identifier, parts: [[UInt8]]) -> [UInt8] {
        let contentLength = parts.reduce(0) { $0 + $1.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tlvSize(identifier, contentLength: contentLength))
        appendHeader(identifier, constructed: true, contentLength: contentLength, to: &bytes)
        for part in parts { bytes.append(contentsOf: part) }
        return bytes
    }

    /// A complete primitive TLV.
    public static func primitive(_ identifier: ASN1Identifier, content: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tlvSize(identifier, contentLength: content.count))
        appendPrimitive(identifier, content: content, to: &bytes)
        return bytes
    }

    /// A short part through swift-asn1's serializer (cheap when small: nothing long to shift).
    public static func serialized(_ value: some DERSerializable) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        return serializer.serializedBytes
    }
}
