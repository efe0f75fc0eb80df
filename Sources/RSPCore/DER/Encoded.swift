import SwiftASN1

/// A decoded value kept together with the exact DER bytes it was decoded from.
///
/// SGP.22 signatures (euiccSignature1, serverSignature1, smdpSignature2, …) cover the
/// signed structure *as transmitted*. A verifier must use these bytes, never a
/// re-encoding: a peer's newer version may carry extension fields that we skip when
/// decoding. Serialising writes the original bytes back, so a received message
/// re-encodes byte for byte.
public struct Encoded<Value: DERImplicitlyTaggable & Hashable & Sendable>: Hashable, Sendable, DERReadable {
    public static var defaultIdentifier: ASN1Identifier { Value.defaultIdentifier }

    public let value: Value
    /// The complete TLV (tag, length and contents) of `value`.
    public let derBytes: [UInt8]

    /// Wraps a locally built value; `derBytes` is its DER encoding.
    public init(_ value: Value) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        self.value = value
        self.derBytes = serializer.serializedBytes
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self.value = try Value(derEncoded: node, withIdentifier: identifier)
        self.derBytes = Array(node.encodedBytes)
    }

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        self.value = try DERReader.value(Value.self, from: tlv, in: bytes, identifier: identifier)
        self.derBytes = DERReader.encodedBytes(of: tlv, in: bytes)
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        if identifier == Value.defaultIdentifier {
            coder.serializeRawBytes(derBytes)
        } else {
            try value.serialize(into: &coder, withIdentifier: identifier)
        }
    }
}

extension Encoded: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
