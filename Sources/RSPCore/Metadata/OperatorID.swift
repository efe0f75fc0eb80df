import SwiftASN1

/// ES8+.StoreMetadata (SGP.22 §5.5.3): the profile owner (also used in ProfileInfo and RPM).
///
/// ```asn1
/// OperatorID ::= SEQUENCE {
///     mccMnc OCTET STRING (SIZE(3)), -- MCC and MNC coded as defined in 3GPP TS 24.008 [32]
///     gid1 OCTET STRING OPTIONAL, -- referring to content of EF GID1 (file identifier '6F3E') as defined in 3GPP TS 31.102 [54]
///     gid2 OCTET STRING OPTIONAL -- referring to content of EF GID2 (file identifier '6F3F') as defined in 3GPP TS 31.102 [54]
/// }
/// ```
/// No component has a written tag: AUTOMATIC TAGS gives '80', '81', '82'.
///
/// `mccMnc` uses the 3GPP TS 24.008 §10.5.1.3 layout: byte 1 = MCC2|MCC1, byte 2 = MNC3|MCC3,
/// byte 3 = MNC2|MNC1 (high|low nibble), MNC3 = 'F' for a two-digit MNC.
public struct OperatorID: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var mccMnc: OctetString
    public var gid1: OctetString?
    public var gid2: OctetString?

    public init(mccMnc: OctetString, gid1: OctetString? = nil, gid2: OctetString? = nil) {
        self.mccMnc = mccMnc
        self.gid1 = gid1
        self.gid2 = gid2
    }

    /// Builds the 3-byte `mccMnc` from printed digits: a 3-digit MCC and a 2- or 3-digit MNC.
    public init(mcc: String, mnc: String, gid1: OctetString? = nil, gid2: OctetString? = nil) throws {
        func digits(_ text: String) -> [UInt8]? {
            var out = [UInt8]()
            for character in text {
                guard character.isASCII, let value = character.wholeNumberValue else { return nil }
                out.append(UInt8(value))
            }
            return out
        }
        guard let m = digits(mcc), m.count == 3 else {
            throw IdentifierError.invalidOperatorID("MCC must be 3 decimal digits: \(mcc)")
        }
        guard let n = digits(mnc), (2...3).contains(n.count) else {
            throw IdentifierError.invalidOperatorID("MNC must be 2 or 3 decimal digits: \(mnc)")
        }
        let mnc3: UInt8 = n.count == 3 ? n[2] : 0xF
        self.init(mccMnc: OctetString([m[1] << 4 | m[0], mnc3 << 4 | m[2], n[1] << 4 | n[0]]), gid1: gid1, gid2: gid2)
    }

    /// The MCC digits (non-decimal nibbles, which a well-formed value never has, print as hex).
    public var mcc: String {
        guard mccMnc.count == 3 else { return "" }
        let b = mccMnc.bytes
        return Self.text([b[0] & 0x0F, b[0] >> 4, b[1] & 0x0F])
    }

    /// The MNC digits, two or three (a filler 'F' in the third position is dropped).
    public var mnc: String {
        guard mccMnc.count == 3 else { return "" }
        let b = mccMnc.bytes
        var nibbles = [b[2] & 0x0F, b[2] >> 4]
        if b[1] >> 4 != 0xF { nibbles.append(b[1] >> 4) }
        return Self.text(nibbles)
    }

    private static func text(_ nibbles: [UInt8]) -> String {
        nibbles.map { String($0, radix: 16, uppercase: true) }.joined()
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let mccMnc = try OctetString(derEncoded: &nodes, withIdentifier: .context(0)).requireSize(3...3, field: "mccMnc")
            let gid1: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(1))
            let gid2: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(2))
            nodes.skipExtensions()
            return OperatorID(mccMnc: mccMnc, gid1: gid1, gid2: gid2)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try mccMnc.serialize(into: &coder, withIdentifier: .context(0))
            try coder.serializeOptionalImplicitlyTagged(gid1, withIdentifier: .context(1))
            try coder.serializeOptionalImplicitlyTagged(gid2, withIdentifier: .context(2))
        }
    }
}
