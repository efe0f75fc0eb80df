import SwiftASN1

/// ES10c.eUICCMemoryReset (SGP.22 §5.7.19), response.
///
/// ```asn1
/// EuiccMemoryResetResponse ::= [52] SEQUENCE { -- Tag 'BF34'
///     resetResult INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct EuiccMemoryResetResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(52) }

    public var resetResult: ResetResult

    public init(resetResult: ResetResult) {
        self.resetResult = resetResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try ResetResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return EuiccMemoryResetResponse(resetResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try resetResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension EuiccMemoryResetResponse {
    /// `INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}`
    public struct ResetResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let nothingToDelete = Self(rawValue: 1)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 1: "nothingToDelete", 127: "undefinedError"]
    }
}
