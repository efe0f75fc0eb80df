import SwiftASN1

extension BoundProfilePackage {
    /// The DER of this BPP, byte for byte what swift-asn1's serializer writes, built with every length
    /// known first and each byte appended once into a buffer of the final size (see `DERWriter`:
    /// swift-asn1 shifts each long content right byte by byte, which for a BPP of 12–100 KB nested three
    /// deep cost more than the rest of its encoding). Both the SM-DP+ (sending it) and the LPA (handing
    /// it to the eUICC) encode every BPP.
    public func derEncoded(withIdentifier identifier: ASN1Identifier) throws -> [UInt8] {
        var iscrSerializer = DER.Serializer()
        try initialiseSecureChannelRequest.serialize(into: &iscrSerializer, withIdentifier: .context(35))
        let iscr = iscrSerializer.serializedBytes

        var lists: [(identifier: ASN1Identifier, element: ASN1Identifier, segments: [OctetString], contentLength: Int)] = [
            Self.list(firstSequenceOf87, list: 0, element: 7),
            Self.list(sequenceOf88, list: 1, element: 8),
        ]
        if let secondSequenceOf87 { lists.append(Self.list(secondSequenceOf87, list: 2, element: 7)) }
        lists.append(Self.list(sequenceOf86, list: 3, element: 6))

        let contentLength = lists.reduce(iscr.count) { $0 + DERWriter.tlvSize($1.identifier, contentLength: $1.contentLength) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(DERWriter.tlvSize(identifier, contentLength: contentLength))
        DERWriter.appendHeader(identifier, constructed: true, contentLength: contentLength, to: &bytes)
        bytes.append(contentsOf: iscr)
        for list in lists {
            DERWriter.appendHeader(list.identifier, constructed: true, contentLength: list.contentLength, to: &bytes)
            for segment in list.segments {
                DERWriter.appendPrimitive(list.element, content: segment.bytes, to: &bytes)
            }
        }
        return bytes
    }

    /// The DER of this BPP under its own tag ('BF36'). Shadows `DERSerializable.derEncoded()` for callers
    /// that hold a BoundProfilePackage; generic callers reach the same bytes through `serialize(into:)`.
    public func derEncoded() throws -> [UInt8] {
        try derEncoded(withIdentifier: Self.defaultIdentifier)
    }

    /// `[list] SEQUENCE OF [element] OCTET STRING` with the length of its content.
    private static func list(_ segments: [OctetString], list: UInt, element: UInt)
        -> (identifier: ASN1Identifier, element: ASN1Identifier, segments: [OctetString], contentLength: Int)
    {
        let elementIdentifier = ASN1Identifier.context(element)
        let length = segments.reduce(0) { $0 + DERWriter.tlvSize(elementIdentifier, contentLength: $1.count) }
        return (.context(list), elementIdentifier, segments, length)
    }
}
