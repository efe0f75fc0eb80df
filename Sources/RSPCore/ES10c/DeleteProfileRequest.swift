import SwiftASN1

/// ES10c.DeleteProfile (SGP.22 §5.7.18).
///
/// ```asn1
/// DeleteProfileRequest ::= [51] CHOICE { -- Tag 'BF33'
///     isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
///     iccid Iccid -- ICCID, tag '5A'
/// }
/// ```
/// A tagged CHOICE is always explicitly tagged: 'BF33' wraps the chosen alternative.
public enum DeleteProfileRequest: Hashable, Sendable, DERImplicitlyTaggable {
    case isdpAid(OctetString)
    case iccid(ICCID)

    public static var defaultIdentifier: ASN1Identifier { .context(51) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .application(15):
                return .isdpAid(try OctetString(derEncoded: inner, withIdentifier: .application(15)).requireSize(1...16, field: "isdpAid"))
            case ICCID.defaultIdentifier:
                return .iccid(try ICCID(derEncoded: inner))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .isdpAid(let aid): try aid.serialize(into: &coder, withIdentifier: .application(15))
            case .iccid(let iccid): try coder.serialize(iccid)
            }
        }
    }
}

extension DeleteProfileRequest: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .isdpAid(let aid): try encoder.encodeChoice("isdpAid", aid)
        case .iccid(let iccid): try encoder.encodeChoice("iccid", iccid)
        }
    }
}
