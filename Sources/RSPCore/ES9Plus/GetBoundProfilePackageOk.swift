import SwiftASN1

/// ES9+.GetBoundProfilePackage (SGP.22 §5.6.2), successful response.
///
/// ```asn1
/// GetBoundProfilePackageOk ::= SEQUENCE {
///     transactionId [0] TransactionId,
///     boundProfilePackage [54] BoundProfilePackage
/// }
/// ```
public struct GetBoundProfilePackageOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var transactionId: OctetString
    public var boundProfilePackage: BoundProfilePackage

    public init(transactionId: OctetString, boundProfilePackage: BoundProfilePackage) {
        self.transactionId = transactionId
        self.boundProfilePackage = boundProfilePackage
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let transactionId = try ES9PlusCoding.transactionId(&nodes, tag: .context(0))
            let bpp = try BoundProfilePackage(derEncoded: &nodes, withIdentifier: .context(54))
            nodes.skipExtensions()
            return GetBoundProfilePackageOk(transactionId: transactionId, boundProfilePackage: bpp)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try transactionId.serialize(into: &coder, withIdentifier: .context(0))
            try boundProfilePackage.serialize(into: &coder, withIdentifier: .context(54))
        }
    }
}
