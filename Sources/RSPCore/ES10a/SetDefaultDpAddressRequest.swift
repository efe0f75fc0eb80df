import SwiftASN1

/// ES10a.SetDefaultDpAddress (SGP.22 §5.7.4), request.
///
/// ```asn1
/// SetDefaultDpAddressRequest ::= [63] SEQUENCE { -- Tag 'BF3F'
///     defaultDpAddress UTF8String -- Default SM-DP+ address as an FQDN
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct SetDefaultDpAddressRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(63) }

    public var defaultDpAddress: String

    public init(defaultDpAddress: String) {
        self.defaultDpAddress = defaultDpAddress
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let address = try StrictCoding.utf8String(&nodes, identifier: .context(0), field: "defaultDpAddress")
            nodes.skipExtensions()
            return SetDefaultDpAddressRequest(defaultDpAddress: address)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try ASN1UTF8String(defaultDpAddress).serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
