import SwiftASN1

/// The server's side of version negotiation inside serverSigned1, so the eUICC can trust it
/// (`VersionNegotiation`).
///
/// ```asn1
/// SessionContext ::= SEQUENCE {      -- as SGP.22 v3 names serverSigned1's [5]
///     serverSvn [0] VersionType,     -- the version the server chose for this session
///     ...,
///     features [PRIVATE 1] BIT STRING OPTIONAL  -- OpenRSP: the server's feature list (RSPFeatures)
/// }
/// ```
/// v3's further fields ([1] crlStaplingV3Used, [2] euiccCiPKIdToBeUsedV3, …) are skipped.
public struct SessionContext: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }
    static let featuresTag = ASN1Identifier.privateTag(1)

    public var serverSvn: OctetString
    public var features: BitString?

    public init(serverSvn: OctetString, features: BitString? = nil) {
        self.serverSvn = serverSvn
        self.features = features
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let serverSvn = try OctetString(derEncoded: &nodes, withIdentifier: .context(0)).requireSize(3...3, field: "serverSvn")
            let extensions = nodes.extensions()
            return SessionContext(serverSvn: serverSvn, features: try extensions.first(tagged: Self.featuresTag))
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try serverSvn.serialize(into: &coder, withIdentifier: .context(0))
            try features?.serialize(into: &coder, withIdentifier: Self.featuresTag)
        }
    }
}
