import SwiftASN1

/// ES10c.EnableProfile / ES10c.DisableProfile (SGP.22 §5.7.16, §5.7.17): the profile a request names.
///
/// ```asn1
/// profileIdentifier CHOICE {
///     isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
///     iccid Iccid -- ICCID, tag '5A'
/// }
/// ```
/// An untagged CHOICE: it encodes as the chosen alternative. The requests that contain it
/// put it under the automatic tag [0], which is explicit because the type is a CHOICE.
public enum ProfileIdentifier: Hashable, Sendable, DERParseable, DERSerializable {
    case isdpAid(OctetString)
    case iccid(ICCID)

    public init(derEncoded node: ASN1Node) throws {
        switch node.identifier {
        case .application(15):
            self = .isdpAid(try OctetString(derEncoded: node, withIdentifier: .application(15)).requireSize(1...16, field: "isdpAid"))
        case ICCID.defaultIdentifier:
            self = .iccid(try ICCID(derEncoded: node))
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
    }

    public func serialize(into coder: inout DER.Serializer) throws {
        switch self {
        case .isdpAid(let aid): try aid.serialize(into: &coder, withIdentifier: .application(15))
        case .iccid(let iccid): try coder.serialize(iccid)
        }
    }
}

extension ProfileIdentifier: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .isdpAid(let aid): try encoder.encodeChoice("isdpAid", aid)
        case .iccid(let iccid): try encoder.encodeChoice("iccid", iccid)
        }
    }
}
