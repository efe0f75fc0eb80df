import SwiftASN1

/// ES10b.GetEUICCInfo (SGP.22 §5.7.8): `EUICCInfo2.certificationDataObject`.
///
/// ```asn1
/// CertificationDataObject ::= SEQUENCE {
///     platformLabel UTF8String,   -- Platform_Label as defined in GlobalPlatform DLOA specification [57]
///     discoveryBaseURL UTF8String -- Discovery Base URL of the SE default DLOA Registrar as defined in GlobalPlatform DLOA specification [57]
/// }
/// ```
/// No component is tagged in the text: AUTOMATIC TAGS gives them [0] and [1].
public struct CertificationDataObject: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var platformLabel: String
    public var discoveryBaseURL: String

    public init(platformLabel: String, discoveryBaseURL: String) {
        self.platformLabel = platformLabel
        self.discoveryBaseURL = discoveryBaseURL
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let platformLabel = try StrictCoding.utf8String(&nodes, identifier: .context(0), field: "platformLabel")
            let discoveryBaseURL = try StrictCoding.utf8String(&nodes, identifier: .context(1), field: "discoveryBaseURL")
            nodes.skipExtensions()
            return CertificationDataObject(platformLabel: platformLabel, discoveryBaseURL: discoveryBaseURL)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try StrictCoding.serializeUTF8String(platformLabel, into: &coder, identifier: .context(0))
            try StrictCoding.serializeUTF8String(discoveryBaseURL, into: &coder, identifier: .context(1))
        }
    }
}
