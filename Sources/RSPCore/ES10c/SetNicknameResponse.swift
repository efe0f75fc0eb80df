import SwiftASN1

/// ES10c.SetNickname (SGP.22 §5.7.21), response.
///
/// ```asn1
/// SetNicknameResponse ::= [41] SEQUENCE { -- Tag 'BF29'
///     setNicknameResult INTEGER {ok(0), iccidNotFound (1), undefinedError(127)}
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct SetNicknameResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(41) }

    public var setNicknameResult: SetNicknameResult

    public init(setNicknameResult: SetNicknameResult) {
        self.setNicknameResult = setNicknameResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try SetNicknameResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return SetNicknameResponse(setNicknameResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try setNicknameResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension SetNicknameResponse {
    /// `INTEGER {ok(0), iccidNotFound (1), undefinedError(127)}`
    public struct SetNicknameResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let iccidNotFound = Self(rawValue: 1)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 1: "iccidNotFound", 127: "undefinedError"]
    }
}
