import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): the device's capabilities inside `DeviceInfo`.
///
/// ```asn1
/// DeviceCapabilities ::= SEQUENCE { -- Highest fully supported release for each definition
///   -- The device SHALL set all the capabilities it supports
///     gsmSupportedRelease VersionType OPTIONAL,
///     utranSupportedRelease VersionType OPTIONAL,
///     cdma2000onexSupportedRelease VersionType OPTIONAL,
///     cdma2000hrpdSupportedRelease VersionType OPTIONAL,
///     cdma2000ehrpdSupportedRelease VersionType OPTIONAL,
///     eutranSupportedRelease VersionType OPTIONAL,
///     contactlessSupportedRelease VersionType OPTIONAL,
///     rspCrlSupportedVersion VersionType OPTIONAL,
///     rspRpmSupportedVersion VersionType OPTIONAL
/// }
/// ```
/// No component is tagged in the text: AUTOMATIC TAGS gives them [0] … [8].
public struct DeviceCapabilities: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var gsmSupportedRelease: OctetString?
    public var utranSupportedRelease: OctetString?
    public var cdma2000onexSupportedRelease: OctetString?
    public var cdma2000hrpdSupportedRelease: OctetString?
    public var cdma2000ehrpdSupportedRelease: OctetString?
    public var eutranSupportedRelease: OctetString?
    public var contactlessSupportedRelease: OctetString?
    public var rspCrlSupportedVersion: OctetString?
    public var rspRpmSupportedVersion: OctetString?

    public init(
        gsmSupportedRelease: OctetString? = nil, utranSupportedRelease: OctetString? = nil,
        cdma2000onexSupportedRelease: OctetString? = nil, cdma2000hrpdSupportedRelease: OctetString? = nil,
        cdma2000ehrpdSupportedRelease: OctetString? = nil, eutranSupportedRelease: OctetString? = nil,
        contactlessSupportedRelease: OctetString? = nil, rspCrlSupportedVersion: OctetString? = nil,
        rspRpmSupportedVersion: OctetString? = nil
    ) {
        self.gsmSupportedRelease = gsmSupportedRelease
        self.utranSupportedRelease = utranSupportedRelease
        self.cdma2000onexSupportedRelease = cdma2000onexSupportedRelease
        self.cdma2000hrpdSupportedRelease = cdma2000hrpdSupportedRelease
        self.cdma2000ehrpdSupportedRelease = cdma2000ehrpdSupportedRelease
        self.eutranSupportedRelease = eutranSupportedRelease
        self.contactlessSupportedRelease = contactlessSupportedRelease
        self.rspCrlSupportedVersion = rspCrlSupportedVersion
        self.rspRpmSupportedVersion = rspRpmSupportedVersion
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            func version(_ tag: UInt, _ field: String) throws -> OctetString? {
                let value: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(tag))
                return try value?.requireSize(3...3, field: field)
            }
            let result = DeviceCapabilities(
                gsmSupportedRelease: try version(0, "gsmSupportedRelease"),
                utranSupportedRelease: try version(1, "utranSupportedRelease"),
                cdma2000onexSupportedRelease: try version(2, "cdma2000onexSupportedRelease"),
                cdma2000hrpdSupportedRelease: try version(3, "cdma2000hrpdSupportedRelease"),
                cdma2000ehrpdSupportedRelease: try version(4, "cdma2000ehrpdSupportedRelease"),
                eutranSupportedRelease: try version(5, "eutranSupportedRelease"),
                contactlessSupportedRelease: try version(6, "contactlessSupportedRelease"),
                rspCrlSupportedVersion: try version(7, "rspCrlSupportedVersion"),
                rspRpmSupportedVersion: try version(8, "rspRpmSupportedVersion"))
            nodes.skipExtensions()
            return result
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(gsmSupportedRelease, withIdentifier: .context(0))
            try coder.serializeOptionalImplicitlyTagged(utranSupportedRelease, withIdentifier: .context(1))
            try coder.serializeOptionalImplicitlyTagged(cdma2000onexSupportedRelease, withIdentifier: .context(2))
            try coder.serializeOptionalImplicitlyTagged(cdma2000hrpdSupportedRelease, withIdentifier: .context(3))
            try coder.serializeOptionalImplicitlyTagged(cdma2000ehrpdSupportedRelease, withIdentifier: .context(4))
            try coder.serializeOptionalImplicitlyTagged(eutranSupportedRelease, withIdentifier: .context(5))
            try coder.serializeOptionalImplicitlyTagged(contactlessSupportedRelease, withIdentifier: .context(6))
            try coder.serializeOptionalImplicitlyTagged(rspCrlSupportedVersion, withIdentifier: .context(7))
            try coder.serializeOptionalImplicitlyTagged(rspRpmSupportedVersion, withIdentifier: .context(8))
        }
    }
}
