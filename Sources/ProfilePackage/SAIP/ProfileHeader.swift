import RSPCore
import SwiftASN1

/// The first element of every profile package (SAIP 3.3.1 §8.2).
///
/// ```asn1
/// ProfileHeader ::= SEQUENCE {
/// major-version UInt8, -- set to 3 for this version of the specification
/// minor-version UInt8, -- set to 3 for this version of the specification
/// profileType UTF8String (SIZE (1..100)) OPTIONAL, -- Profile type
/// iccid OCTET STRING (SIZE (10)), -- ICCID of the Profile
/// pol OCTET STRING OPTIONAL,
/// eUICC-Mandatory-services ServicesList,
/// eUICC-Mandatory-GFSTEList SEQUENCE OF OBJECT IDENTIFIER,
/// connectivityParameters OCTET STRING OPTIONAL,
/// eUICC-Mandatory-AIDs SEQUENCE OF SEQUENCE { aid ApplicationIdentifier, version OCTET STRING (SIZE(2)) } OPTIONAL,
/// iotOptions IotOptions OPTIONAL
/// }
/// ```
/// Only the identifying fields are modelled; the mandatory-services lists are kept
/// undecoded (the eUICC checks them when installing).
public struct ProfileHeader: Hashable, Sendable, Encodable {
    public var majorVersion: Int
    public var minorVersion: Int
    public var profileType: String?
    /// The ICCID as the header stores it: plain BCD digits in order, 'F'-padded
    /// (unlike EF.ICCID and SGP.22's `Iccid`, whose nibbles are swapped).
    public var iccidDigits: String

    public init(majorVersion: Int, minorVersion: Int, profileType: String?, iccidDigits: String) {
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
        self.profileType = profileType
        self.iccidDigits = iccidDigits
    }

    /// The ICCID in SGP.22 form.
    public var iccid: ICCID {
        get throws { try ICCID(digits: iccidDigits, checkLuhn: false) }
    }

    /// Decodes the `header` alternative ('A0') of a ProfileElement.
    public init(element node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .context(0)) { nodes in
            let major = try Int(derEncoded: &nodes, withIdentifier: .context(0))
            let minor = try Int(derEncoded: &nodes, withIdentifier: .context(1))
            let type = try DER.optionalImplicitlyTagged(&nodes, tag: .context(2)) as ASN1UTF8String?
            let iccid = try OctetString(derEncoded: &nodes, withIdentifier: .context(3)).requireSize(10...10, field: "iccid")
            nodes.skipExtensions()
            return ProfileHeader(majorVersion: major, minorVersion: minor, profileType: type.map(String.init),
                                 iccidDigits: Self.digits(iccid.bytes))
        }
    }

    /// The BCD digits in order, the 'F' padding nibbles left out (every nibble 'F' is padding: digits
    /// are 0–9; any other nibble A–E stays, for the ICCID check to refuse).
    static func digits(_ bcd: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bcd.count * 2)
        func append(_ nibble: UInt8) {
            if nibble != 0x0F { text.append(hex[Int(nibble)]) }
        }
        for byte in bcd {
            append(byte >> 4)
            append(byte & 0x0F)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
