import SwiftASN1

/// ES8+.InitialiseSecureChannel (SGP.22 §5.5.1): the key agreement Control Reference Template.
///
/// ```asn1
/// ControlRefTemplate ::= SEQUENCE {
/// keyType[0] Octet1, -- Key type according to GlobalPlatform Card Specification [8] Table 11-16, AES= '88', Tag '80'
/// keyLen[1] Octet1, --Key length in number of bytes. For current specification key length SHALL by 0x10 bytes, Tag '81'
/// hostId[4] OctetTo16 -- Host ID value , Tag '84'
/// }
/// ```
/// Inside InitialiseSecureChannelRequest it is re-tagged `[6] IMPLICIT`: 'A6' containing 80/81/84.
public struct ControlRefTemplate: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var keyType: OctetString
    public var keyLen: OctetString
    public var hostId: OctetString

    public init(keyType: OctetString, keyLen: OctetString, hostId: OctetString) {
        self.keyType = keyType
        self.keyLen = keyLen
        self.hostId = hostId
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let keyType = try OctetString(derEncoded: &nodes, withIdentifier: .context(0)).requireSize(1...1, field: "keyType")
            let keyLen = try OctetString(derEncoded: &nodes, withIdentifier: .context(1)).requireSize(1...1, field: "keyLen")
            let hostId = try OctetString(derEncoded: &nodes, withIdentifier: .context(4)).requireSize(1...16, field: "hostId")
            nodes.skipExtensions()
            return ControlRefTemplate(keyType: keyType, keyLen: keyLen, hostId: hostId)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try keyType.serialize(into: &coder, withIdentifier: .context(0))
            try keyLen.serialize(into: &coder, withIdentifier: .context(1))
            try hostId.serialize(into: &coder, withIdentifier: .context(4))
        }
    }
}
