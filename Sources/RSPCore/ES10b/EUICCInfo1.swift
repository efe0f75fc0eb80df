import SwiftASN1

/// ES10b.GetEUICCInfo (SGP.22 §5.7.8), first form.
///
/// ```asn1
/// EUICCInfo1 ::= [32] SEQUENCE { -- Tag 'BF20'
///     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
///     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
///     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier
/// }
/// ```
public struct EUICCInfo1: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(32) }

    public var svn: OctetString
    public var euiccCiPKIdListForVerification: [OctetString]
    public var euiccCiPKIdListForSigning: [OctetString]

    public init(svn: OctetString, euiccCiPKIdListForVerification: [OctetString], euiccCiPKIdListForSigning: [OctetString]) {
        self.svn = svn
        self.euiccCiPKIdListForVerification = euiccCiPKIdListForVerification
        self.euiccCiPKIdListForSigning = euiccCiPKIdListForSigning
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let svn = try OctetString(derEncoded: &nodes, withIdentifier: .context(2))
            let verification = try DER.sequence(of: OctetString.self, identifier: .context(9), nodes: &nodes)
            let signing = try DER.sequence(of: OctetString.self, identifier: .context(10), nodes: &nodes)
            nodes.skipExtensions()
            return EUICCInfo1(svn: svn, euiccCiPKIdListForVerification: verification, euiccCiPKIdListForSigning: signing)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try svn.serialize(into: &coder, withIdentifier: .context(2))
            try coder.serializeSequenceOf(euiccCiPKIdListForVerification, identifier: .context(9))
            try coder.serializeSequenceOf(euiccCiPKIdListForSigning, identifier: .context(10))
        }
    }
}
