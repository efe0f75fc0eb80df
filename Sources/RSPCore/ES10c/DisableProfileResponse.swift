import SwiftASN1

/// ES10c.DisableProfile (SGP.22 §5.7.17), response.
///
/// ```asn1
/// DisableProfileResponse ::= [50] SEQUENCE { -- Tag 'BF32'
///     disableResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInEnabledState(2), disallowedByPolicy(3), undefinedError(127)}
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct DisableProfileResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(50) }

    public var disableResult: DisableResult

    public init(disableResult: DisableResult) {
        self.disableResult = disableResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try DisableResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return DisableProfileResponse(disableResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try disableResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension DisableProfileResponse {
    /// `INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInEnabledState(2), disallowedByPolicy(3), undefinedError(127)}`
    public struct DisableResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let iccidOrAidNotFound = Self(rawValue: 1)
        public static let profileNotInEnabledState = Self(rawValue: 2)
        public static let disallowedByPolicy = Self(rawValue: 3)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInEnabledState", 3: "disallowedByPolicy", 127: "undefinedError"]
    }
}
