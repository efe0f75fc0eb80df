import SwiftASN1

/// ES10b.GetEUICCInfo (SGP.22 §5.7.8), first form.
///
/// ```asn1
/// EUICCInfo1 ::= [32] SEQUENCE { -- Tag 'BF20'
///     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
///     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
///     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier
/// }
///
/// Two extension fields for version negotiation (`VersionNegotiation`), after the v2 ones, which a
/// v2 server skips: `highestSvn [19] VersionType` (as SGP.22 v3 names the highest supported
/// version) and OpenRSP's feature list `[PRIVATE 1] BIT STRING` (`RSPFeatures`). Absent, the
/// device supports `svn` only. Other extension fields (v3's [17], [8] …) are skipped wherever
/// they appear.
/// ```
public struct EUICCInfo1: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(32) }
    static let highestSvnTag = ASN1Identifier.context(19)
    static let featuresTag = ASN1Identifier.privateTag(1)

    /// The lowest supported version (in v2: the only one).
    public var svn: OctetString
    public var euiccCiPKIdListForVerification: [OctetString]
    public var euiccCiPKIdListForSigning: [OctetString]
    public var highestSvn: OctetString?
    public var features: BitString?

    public init(svn: OctetString, euiccCiPKIdListForVerification: [OctetString], euiccCiPKIdListForSigning: [OctetString],
                highestSvn: OctetString? = nil, features: BitString? = nil) {
        self.svn = svn
        self.euiccCiPKIdListForVerification = euiccCiPKIdListForVerification
        self.euiccCiPKIdListForSigning = euiccCiPKIdListForSigning
        self.highestSvn = highestSvn
        self.features = features
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let svn = try OctetString(derEncoded: &nodes, withIdentifier: .context(2))
            let verification = try DER.sequence(of: OctetString.self, identifier: .context(9), nodes: &nodes)
            let signing = try DER.sequence(of: OctetString.self, identifier: .context(10), nodes: &nodes)
            let extensions = nodes.extensions()
            return EUICCInfo1(
                svn: svn, euiccCiPKIdListForVerification: verification, euiccCiPKIdListForSigning: signing,
                highestSvn: try extensions.first(tagged: Self.highestSvnTag), features: try extensions.first(tagged: Self.featuresTag))
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try svn.serialize(into: &coder, withIdentifier: .context(2))
            try coder.serializeSequenceOf(euiccCiPKIdListForVerification, identifier: .context(9))
            try coder.serializeSequenceOf(euiccCiPKIdListForSigning, identifier: .context(10))
            try highestSvn?.serialize(into: &coder, withIdentifier: Self.highestSvnTag)
            try features?.serialize(into: &coder, withIdentifier: Self.featuresTag)
        }
    }

    /// The versions the device offers: `svn` up to `highestSvn` (or `svn` alone).
    public var supportedVersions: VersionRange {
        get throws {
            let lowest = try SpecificationVersion(svn)
            guard let highestSvn else { return VersionRange(lowest) }
            return try VersionRange(lowest: lowest, highest: try SpecificationVersion(highestSvn))
        }
    }

    /// The device's feature list; nil when it sent none (a v2 device).
    public var deviceFeatures: RSPFeatures? { features.map(RSPFeatures.init(bitString:)) }
}
