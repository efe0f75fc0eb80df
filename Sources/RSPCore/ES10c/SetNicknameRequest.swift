import SwiftASN1

/// ES10c.SetNickname (SGP.22 §5.7.21), request.
///
/// ```asn1
/// SetNicknameRequest ::= [41] SEQUENCE {  -- Tag 'BF29'
///     iccid Iccid,
///     profileNickname [16] UTF8String (SIZE(0..64))
/// }
/// ```
public struct SetNicknameRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(41) }

    public var iccid: ICCID
    public var profileNickname: String

    public init(iccid: ICCID, profileNickname: String) {
        self.iccid = iccid
        self.profileNickname = profileNickname
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let iccid = try ICCID(derEncoded: &nodes)
            let nickname = try StrictCoding.utf8String(&nodes, identifier: .context(16), field: "profileNickname")
            nodes.skipExtensions()
            return SetNicknameRequest(iccid: iccid, profileNickname: nickname)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(iccid)
            try ASN1UTF8String(profileNickname).serialize(into: &coder, withIdentifier: .context(16))
        }
    }
}
