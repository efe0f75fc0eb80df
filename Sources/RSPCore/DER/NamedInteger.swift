import SwiftASN1

/// An ASN.1 `INTEGER { name(value), ... }`.
///
/// Conforming types are structs with `rawValue` and static constants, not Swift enums,
/// because a newer peer may send a value we do not know yet: it must still decode
/// (and re-encode unchanged), and only the code acting on it decides what to do.
public protocol NamedInteger: RawRepresentable<Int>, Hashable, Sendable, DERImplicitlyTaggable, Encodable,
    CustomStringConvertible
{
    init(rawValue: Int)
    /// Names of the values the spec defines, for diagnostics and JSON.
    static var names: [Int: String] { get }
}

extension NamedInteger {
    public static var defaultIdentifier: ASN1Identifier { .integer }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self.init(rawValue: try Int(derEncoded: node, withIdentifier: identifier))
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try rawValue.serialize(into: &coder, withIdentifier: identifier)
    }

    public var name: String? { Self.names[rawValue] }

    public var description: String {
        if let name { return "\(name)(\(rawValue))" }
        return String(rawValue)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
