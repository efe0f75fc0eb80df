import SwiftASN1

/// ES10a.GetEuiccConfiguredAddresses (SGP.22 §5.7.3), response.
///
/// ```asn1
/// EuiccConfiguredAddressesResponse ::= [60] SEQUENCE {  -- Tag 'BF3C'
///     defaultDpAddress UTF8String OPTIONAL,  -- Default SM-DP+ address as an FQDN
///     rootDsAddress UTF8String  -- Root SM-DS address as an FQDN
/// }
/// ```
/// No component has a written tag, so AUTOMATIC TAGS numbers them: '80' and '81'.
public struct EuiccConfiguredAddressesResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(60) }

    public var defaultDpAddress: String?
    public var rootDsAddress: String

    public init(defaultDpAddress: String?, rootDsAddress: String) {
        self.defaultDpAddress = defaultDpAddress
        self.rootDsAddress = rootDsAddress
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let defaultDp = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(0), field: "defaultDpAddress")
            let rootDs = try StrictCoding.utf8String(&nodes, identifier: .context(1), field: "rootDsAddress")
            nodes.skipExtensions()
            return EuiccConfiguredAddressesResponse(defaultDpAddress: defaultDp, rootDsAddress: rootDs)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serializeOptionalImplicitlyTagged(defaultDpAddress.map { ASN1UTF8String($0) }, withIdentifier: .context(0))
            try ASN1UTF8String(rootDsAddress).serialize(into: &coder, withIdentifier: .context(1))
        }
    }
}
