import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): the device information in `ctxParams1`.
///
/// ```asn1
/// DeviceInfo ::= SEQUENCE {
///     tac Octet8,
///     deviceCapabilities DeviceCapabilities,
///     imei Octet8 OPTIONAL
/// }
/// ```
/// No component is tagged in the text: AUTOMATIC TAGS gives them [0], [1], [2]. The sizes of
/// `tac` and `imei` are not enforced: devices send 4-byte TACs although this module says Octet8.
public struct DeviceInfo: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var tac: OctetString
    public var deviceCapabilities: DeviceCapabilities
    public var imei: OctetString?

    public init(tac: OctetString, deviceCapabilities: DeviceCapabilities, imei: OctetString? = nil) {
        self.tac = tac
        self.deviceCapabilities = deviceCapabilities
        self.imei = imei
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let tac = try OctetString(derEncoded: &nodes, withIdentifier: .context(0))
            let deviceCapabilities = try DeviceCapabilities(derEncoded: &nodes, withIdentifier: .context(1))
            let imei: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(2))
            nodes.skipExtensions()
            return DeviceInfo(tac: tac, deviceCapabilities: deviceCapabilities, imei: imei)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try tac.serialize(into: &coder, withIdentifier: .context(0))
            try deviceCapabilities.serialize(into: &coder, withIdentifier: .context(1))
            try coder.serializeOptionalImplicitlyTagged(imei, withIdentifier: .context(2))
        }
    }
}
