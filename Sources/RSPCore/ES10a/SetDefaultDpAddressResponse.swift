import SwiftASN1

/// ES10a.SetDefaultDpAddress (SGP.22 §5.7.4), response.
///
/// ```asn1
/// SetDefaultDpAddressResponse ::= [63] SEQUENCE { -- Tag 'BF3F'
///     setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)}
/// }
/// ```
public struct SetDefaultDpAddressResponse: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(63) }

    public var setDefaultDpAddressResult: SetDefaultDpAddressResult

    public init(setDefaultDpAddressResult: SetDefaultDpAddressResult) {
        self.setDefaultDpAddressResult = setDefaultDpAddressResult
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let result = try SetDefaultDpAddressResult(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return SetDefaultDpAddressResponse(setDefaultDpAddressResult: result)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try setDefaultDpAddressResult.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}

extension SetDefaultDpAddressResponse {
    /// `setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)}`
    public struct SetDefaultDpAddressResult: NamedInteger {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let ok = Self(rawValue: 0)
        public static let undefinedError = Self(rawValue: 127)
        public static let names: [Int: String] = [0: "ok", 127: "undefinedError"]
    }
}
