import SwiftASN1

/// ES10c.EnableProfile (SGP.22 §5.7.16), response.
///
/// ```asn1
/// EnableProfileResponse ::= [49] SEQUENCE { -- Tag 'BF31'
///     enableResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), wrongProfileReenabling(4), undefinedError(127)}
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct EnableProfileResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(49) }

    public var enableResult: EnableResult

    public init(enableResult: EnableResult) {
        self.enableResult = enableResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try EnableResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return EnableProfileResponse(enableResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try enableResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension EnableProfileResponse {
    /// `INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), wrongProfileReenabling(4), undefinedError(127)}`
    public struct EnableResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let iccidOrAidNotFound = Self(rawValue: 1)
        public static let profileNotInDisabledState = Self(rawValue: 2)
        public static let disallowedByPolicy = Self(rawValue: 3)
        public static let wrongProfileReenabling = Self(rawValue: 4)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInDisabledState", 3: "disallowedByPolicy", 4: "wrongProfileReenabling", 127: "undefinedError"]
    }
}
