import SwiftASN1

/// ES10b.GetRAT (SGP.22 §5.7.22): one rule of the Rules Authorisation Table (§2.9.2.2).
///
/// ```asn1
/// ProfilePolicyAuthorisationRule ::= SEQUENCE {
///     pprIds PprIds,
///     allowedOperators SEQUENCE OF OperatorID,
///     pprFlags BIT STRING {consentRequired(0)}
/// }
/// ```
/// No written tags: the components get [0] ('80'), [1] ('A1') and [2] ('82').
public struct ProfilePolicyAuthorisationRule: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var pprIds: BitString
    public var allowedOperators: [OperatorID]
    public var pprFlags: BitString

    public init(pprIds: BitString, allowedOperators: [OperatorID], pprFlags: BitString) {
        self.pprIds = pprIds
        self.allowedOperators = allowedOperators
        self.pprFlags = pprFlags
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let pprIds = try BitString(derEncoded: &nodes, withIdentifier: .context(0))
            let operators = try DER.sequence(of: OperatorID.self, identifier: .context(1), nodes: &nodes)
            let pprFlags = try BitString(derEncoded: &nodes, withIdentifier: .context(2))
            nodes.skipExtensions()
            return ProfilePolicyAuthorisationRule(pprIds: pprIds, allowedOperators: operators, pprFlags: pprFlags)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try pprIds.serialize(into: &coder, withIdentifier: .context(0))
            try coder.serializeSequenceOf(allowedOperators, identifier: .context(1))
            try pprFlags.serialize(into: &coder, withIdentifier: .context(2))
        }
    }
}
