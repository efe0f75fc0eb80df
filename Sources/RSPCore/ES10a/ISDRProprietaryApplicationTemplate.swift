import SwiftASN1

/// ISD-R selection and LPAe activation (SGP.22 §5.7.1): proprietary data in the ISD-R SELECT response.
///
/// ```asn1
/// ISDRProprietaryApplicationTemplate ::= [PRIVATE 0] SEQUENCE { -- Tag 'E0'
///     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
///     lpaeSupport BIT STRING {
///         lpaeUsingCat(0), -- LPA in the eUICC using Card Application Toolkit
///         lpaeUsingScws(1) -- LPA in the eUICC using Smartcard Web Server
///     } OPTIONAL
/// }
/// ```
/// `svn` has a written tag, so `lpaeSupport` keeps its universal BIT STRING tag '03'.
public struct ISDRProprietaryApplicationTemplate: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .privateTag(0) }

    public var svn: OctetString
    public var lpaeSupport: BitString?

    public init(svn: OctetString, lpaeSupport: BitString? = nil) {
        self.svn = svn
        self.lpaeSupport = lpaeSupport
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let svn = try OctetString(derEncoded: &nodes, withIdentifier: .context(2)).requireSize(3...3, field: "svn")
            let lpaeSupport: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .bitString)
            nodes.skipExtensions()
            return ISDRProprietaryApplicationTemplate(svn: svn, lpaeSupport: lpaeSupport)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try svn.serialize(into: &coder, withIdentifier: .context(2))
            try coder.serializeOptionalImplicitlyTagged(lpaeSupport, withIdentifier: .bitString)
        }
    }
}
