import SwiftASN1

/// ES10b.ListNotification (SGP.22 §5.7.9): describes one pending notification; also the
/// signed part of other notifications and part of ProfileInstallationResultData.
///
/// ```asn1
/// NotificationMetadata ::= [47] SEQUENCE { -- Tag 'BF2F'
///     seqNumber [0] INTEGER,
///     profileManagementOperation [1] NotificationEvent, --Only one bit set to 1
///     notificationAddress UTF8String, -- FQDN to forward the notification
///     iccid Iccid OPTIONAL
/// }
/// ```
/// Other components have written tags, so `notificationAddress` is a plain UTF8String '0C'
/// and `iccid` keeps '5A'.
public struct NotificationMetadata: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(47) }

    public var seqNumber: Int
    /// A `NotificationEvent` bit string (see ``NotificationEvent``).
    public var profileManagementOperation: BitString
    public var notificationAddress: String
    public var iccid: ICCID?

    public init(seqNumber: Int, profileManagementOperation: BitString, notificationAddress: String, iccid: ICCID? = nil) {
        self.seqNumber = seqNumber
        self.profileManagementOperation = profileManagementOperation
        self.notificationAddress = notificationAddress
        self.iccid = iccid
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let seqNumber = try Int(derEncoded: &nodes, withIdentifier: .context(0))
            let operation = try BitString(derEncoded: &nodes, withIdentifier: .context(1))
            let address = try StrictCoding.utf8String(&nodes, identifier: .utf8String, field: "notificationAddress")
            let iccid: ICCID? = try DER.optionalImplicitlyTagged(&nodes, tag: ICCID.defaultIdentifier)
            nodes.skipExtensions()
            return NotificationMetadata(
                seqNumber: seqNumber, profileManagementOperation: operation, notificationAddress: address, iccid: iccid)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try seqNumber.serialize(into: &coder, withIdentifier: .context(0))
            try profileManagementOperation.serialize(into: &coder, withIdentifier: .context(1))
            try coder.serialize(ASN1UTF8String(notificationAddress))
            try coder.serializeOptionalImplicitlyTagged(iccid)
        }
    }
}
