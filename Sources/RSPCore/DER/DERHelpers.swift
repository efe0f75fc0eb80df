import SwiftASN1

extension ASN1Identifier {
    /// `[n]` context-specific tag, the form AUTOMATIC TAGS gives untagged components.
    public static func context(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific)
    }
    /// `[APPLICATION n]` tag, e.g. 26 for ICCID ('5A'), 55 for signatures ('5F37').
    public static func application(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .application)
    }
    /// `[PRIVATE n]` tag, e.g. 3 for ProfileInfo ('E3').
    public static func privateTag(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .private)
    }
}

extension ASN1NodeCollection.Iterator {
    /// Consumes the remaining elements of a SEQUENCE.
    ///
    /// The SGP.22 module is `EXTENSIBILITY IMPLIED`: a newer peer may append fields we
    /// do not know. Every decoder calls this after its last known field, so such
    /// messages still decode.
    public mutating func skipExtensions() {
        while next() != nil {}
    }

    /// The remaining elements of a SEQUENCE, for extension fields of a newer version that may
    /// follow other unknown ones: pick the known ones by tag with `[ASN1Node].first(tagged:)`.
    public mutating func extensions() -> [ASN1Node] {
        var nodes: [ASN1Node] = []
        while let node = next() { nodes.append(node) }
        return nodes
    }

    /// The next element, or a decode error naming the missing field.
    public mutating func required(_ field: String) throws -> ASN1Node {
        guard let node = next() else {
            throw ASN1Error.invalidASN1Object(reason: "missing \(field)")
        }
        return node
    }
}

extension DERSerializable {
    /// The DER encoding of this value.
    public func derEncoded() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(self)
        return serializer.serializedBytes
    }
}

extension DERParseable {
    /// Decodes exactly one DER value filling all of `bytes` (no trailing data); a `DERReadable`
    /// type reads it without swift-asn1's tree of nodes.
    public init(derBytes bytes: some Collection<UInt8>) throws {
        let bytes = Array(bytes)
        if let value = try DERReader.read(Self.self, filling: bytes) {
            self = value
        } else {
            try self.init(derEncoded: try DER.parse(bytes))
        }
    }
}

/// A coding key built from a string, for CHOICE renderings.
struct ChoiceKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Encoder {
    /// Renders a CHOICE as `{"<alternative>": value}`, the way ASN.1 value notation reads.
    public func encodeChoice(_ alternative: String, _ value: some Encodable) throws {
        var container = self.container(keyedBy: ChoiceKey.self)
        try container.encode(value, forKey: ChoiceKey(stringValue: alternative))
    }
}

/// ASN.1 NULL-like marker for empty SEQUENCEs such as `GetEuiccInfo1Request ::= [32] SEQUENCE {}`.
extension DER {
    /// Decodes an empty (or extension-only) SEQUENCE with the given tag.
    public static func emptySequence(_ node: ASN1Node, identifier: ASN1Identifier) throws {
        try DER.sequence(node, identifier: identifier) { nodes in nodes.skipExtensions() }
    }
}

extension Array where Element == ASN1Node {
    /// The first extension field with this tag, decoded; nil when absent.
    public func first<T: DERImplicitlyTaggable>(tagged identifier: ASN1Identifier, as type: T.Type = T.self) throws -> T? {
        try first { $0.identifier == identifier }.map { try T(derEncoded: $0, withIdentifier: identifier) }
    }
}
