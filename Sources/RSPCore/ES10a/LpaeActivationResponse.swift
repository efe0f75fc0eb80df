import SwiftASN1

/// ISD-R selection and LPAe activation (SGP.22 §5.7.1), response.
///
/// ```asn1
/// LpaeActivationResponse ::= [66] SEQUENCE { -- Tag 'BF42'
///     lpaeActivationResult INTEGER {ok(0), notSupported(1)}
/// }
/// ```
public struct LpaeActivationResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(66) }

    public var lpaeActivationResult: LpaeActivationResult

    public init(lpaeActivationResult: LpaeActivationResult) {
        self.lpaeActivationResult = lpaeActivationResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try LpaeActivationResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return LpaeActivationResponse(lpaeActivationResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try lpaeActivationResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension LpaeActivationResponse {
    /// `lpaeActivationResult INTEGER {ok(0), notSupported(1)}`
    public struct LpaeActivationResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let notSupported = Self(rawValue: 1)
        public static let names: [Int: String] = [0: "ok", 1: "notSupported"]
    }
}
