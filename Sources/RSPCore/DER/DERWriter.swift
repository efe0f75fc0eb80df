import SwiftASN1

/// Writes DER TLVs whose content lengths are known before the content: identifier and length octets
/// go out once, in their final size, and the content is appended after them.
///
/// swift-asn1's `DER.Serializer` cannot know a length in advance: it writes a one-octet placeholder and,
/// for content over 127 bytes, shifts the content right one byte at a time. For a Bound Profile Package
/// (12–100 KB nested three deep) that shifting cost more than everything else of encoding it. Output is
/// the same DER: tests compare it byte for byte with swift-asn1's.
public enum DERWriter {
    /// Octets of the identifier plus the length octets of a TLV with `contentLength` content bytes.
    public static func headerSize(_ identifier: ASN1Identifier, contentLength: Int) -> Int {
        identifierSize(identifier) + lengthSize(contentLength)
    }

    /// The complete size of a TLV with `contentLength` content bytes.
    public static func tlvSize(_ identifier: ASN1Identifier, contentLength: Int) -> Int {
        headerSize(identifier, contentLength: contentLength) + contentLength
    }

    /// Appends the identifier and length octets of a TLV.
    public static func appendHeader(
        _ identifier: ASN1Identifier, constructed: Bool, contentLength: Int, to bytes: inout [UInt8]
    ) {
        let classBits: UInt8
        switch identifier.tagClass {
        case .universal: classBits = 0x00
        case .application: classBits = 0x40
        case .contextSpecific: classBits = 0x80
        case .private: classBits = 0xC0
        }
        let constructedBit: UInt8 = constructed ? 0x20 : 0x00
        let number = identifier.tagNumber
        if number < 0x1F {
            bytes.append(classBits | constructedBit | UInt8(number))
        } else {
            bytes.append(classBits | constructedBit | 0x1F)
            // Base 128, most significant group first, bit 8 set on all but the last octet.
            let groups = base128Size(number)
            for group in stride(from: groups - 1, through: 0, by: -1) {
                let septet = UInt8(truncatingIfNeeded: number >> (UInt(group) * 7)) & 0x7F
                bytes.append(group == 0 ? septet : septet | 0x80)
            }
        }
        if contentLength <= 0x7F {
            bytes.append(UInt8(contentLength))
        } else {
            let octets = lengthSize(contentLength) - 1
            bytes.append(0x80 | UInt8(octets))
            for octet in stride(from: octets - 1, through: 0, by: -1) {
                bytes.append(UInt8(truncatingIfNeeded: contentLength >> (octet * 8)))
            }
        }
    }

    /// Appends a complete primitive TLV.
    public static func appendPrimitive(_ identifier: ASN1Identifier, content: [UInt8], to bytes: inout [UInt8]) {
        appendHeader(identifier, constructed: false, contentLength: content.count, to: &bytes)
        bytes.append(contentsOf: content)
    }

    static func identifierSize(_ identifier: ASN1Identifier) -> Int {
        identifier.tagNumber < 0x1F ? 1 : 1 + base128Size(identifier.tagNumber)
    }

    /// DER's minimal length form: one octet up to 127, else '8n' followed by n octets.
    static func lengthSize(_ length: Int) -> Int {
        guard length > 0x7F else { return 1 }
        return 1 + (Int.bitWidth - length.leadingZeroBitCount + 7) / 8
    }

    static func base128Size(_ value: UInt) -> Int {
        max(1, (UInt.bitWidth - value.leadingZeroBitCount + 6) / 7)
    }
}
