import SwiftASN1

/// ES10c.eUICCMemoryReset (SGP.22 §5.7.19), request.
///
/// ```asn1
/// EuiccMemoryResetRequest ::= [52] SEQUENCE { -- Tag 'BF34'
///     resetOptions [2] BIT STRING {
///         deleteOperationalProfiles(0),
///         deleteFieldLoadedTestProfiles(1),
///         resetDefaultSmdpAddress(2)}
/// }
/// ```
public struct EuiccMemoryResetRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(52) }

    public var resetOptions: BitString

    public init(resetOptions: BitString) {
        self.resetOptions = resetOptions
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let options = try BitString(derEncoded: &nodes, withIdentifier: .context(2))
            nodes.skipExtensions()
            return EuiccMemoryResetRequest(resetOptions: options)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try resetOptions.serialize(into: &coder, withIdentifier: .context(2))
        }
    }
}
