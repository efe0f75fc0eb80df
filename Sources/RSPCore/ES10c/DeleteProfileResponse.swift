import SwiftASN1

/// ES10c.DeleteProfile (SGP.22 §5.7.18), response.
///
/// ```asn1
/// DeleteProfileResponse ::= [51] SEQUENCE { -- Tag 'BF33'
///     deleteResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), undefinedError(127)}
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct DeleteProfileResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(51) }

    public var deleteResult: DeleteResult

    public init(deleteResult: DeleteResult) {
        self.deleteResult = deleteResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try DeleteResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return DeleteProfileResponse(deleteResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try deleteResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension DeleteProfileResponse {
    /// `INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), undefinedError(127)}`
    public struct DeleteResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let iccidOrAidNotFound = Self(rawValue: 1)
        public static let profileNotInDisabledState = Self(rawValue: 2)
        public static let disallowedByPolicy = Self(rawValue: 3)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInDisabledState", 3: "disallowedByPolicy", 127: "undefinedError"]
    }
}
