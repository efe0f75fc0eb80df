import SwiftASN1

/// ES10b.LoadCRL (SGP.22 §5.7.12), successful response.
///
/// ```asn1
/// LoadCRLResponseOk ::= SEQUENCE {
///     missingParts SEQUENCE OF SEQUENCE {
///         number INTEGER (0..MAX)
///     } OPTIONAL
/// }
/// ```
/// AUTOMATIC TAGS: `missingParts` is [0] ('A0'); each element keeps its SEQUENCE tag '30'
/// (elements of a SEQUENCE OF are not tagged) and `number` inside it is [0] ('80').
/// Inside `LoadCRLResponse` the whole SEQUENCE is re-tagged 'A0'.
public struct LoadCRLResponseOk: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var missingParts: [MissingPart]?

    public init(missingParts: [MissingPart]? = nil) {
        self.missingParts = missingParts
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let missingParts = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try DER.sequence(of: MissingPart.self, identifier: .context(0), rootNode: $0)
            }
            nodes.skipExtensions()
            return LoadCRLResponseOk(missingParts: missingParts)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if let missingParts {
                try coder.serializeSequenceOf(missingParts, identifier: .context(0))
            }
        }
    }

    /// One element of `missingParts`: the number of a partial CRL the eUICC still needs.
    ///
    /// ```asn1
    /// SEQUENCE {
    ///     number INTEGER (0..MAX)
    /// }
    /// ```
    public struct MissingPart: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
        public static var defaultIdentifier: ASN1Identifier { .sequence }

        public var number: Int

        public init(number: Int) {
            self.number = number
        }

        public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
            self = try DER.sequence(node, identifier: identifier) { nodes in
                let number = try Int(derEncoded: &nodes, withIdentifier: .context(0))
                guard number >= 0 else {
                    throw ASN1Error.invalidASN1Object(reason: "missingParts.number: \(number) is negative")
                }
                nodes.skipExtensions()
                return MissingPart(number: number)
            }
        }

        public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
            try coder.appendConstructedNode(identifier: identifier) { coder in
                try number.serialize(into: &coder, withIdentifier: .context(0))
            }
        }
    }
}
