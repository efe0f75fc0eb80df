import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6), built by the SM-DP+ for
/// ES9+.GetBoundProfilePackage (§5.6.2).
///
/// ```asn1
/// BoundProfilePackage ::= [54] SEQUENCE { -- Tag 'BF36'
///     initialiseSecureChannelRequest [35] InitialiseSecureChannelRequest, -- Tag 'BF23'
///     firstSequenceOf87 [0] SEQUENCE OF [7] OCTET STRING, -- sequence of '87' TLVs
///     sequenceOf88 [1] SEQUENCE OF [8] OCTET STRING, -- sequence of '88' TLVs
///     secondSequenceOf87 [2] SEQUENCE OF [7] OCTET STRING OPTIONAL, -- sequence of '87' TLVs
///     sequenceOf86 [3] SEQUENCE OF [6] OCTET STRING -- sequence of '86' TLVs
/// }
/// ```
/// Each element is the *content* of one '86'/'87'/'88' TLV (the SCP03t-protected segment:
/// ciphertext and/or MAC). Nothing is decrypted here; RSPCrypto's BSP does that.
/// Wire form: 'BF36' { BF23 …, A0 { 87 … }, A1 { 88 … }, [A2 { 87 … }], A3 { 86 … 86 … } }.
public struct BoundProfilePackage: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(54) }

    public var initialiseSecureChannelRequest: InitialiseSecureChannelRequest
    public var firstSequenceOf87: [OctetString]
    public var sequenceOf88: [OctetString]
    public var secondSequenceOf87: [OctetString]?
    public var sequenceOf86: [OctetString]

    public init(
        initialiseSecureChannelRequest: InitialiseSecureChannelRequest, firstSequenceOf87: [OctetString],
        sequenceOf88: [OctetString], secondSequenceOf87: [OctetString]? = nil, sequenceOf86: [OctetString]
    ) {
        self.initialiseSecureChannelRequest = initialiseSecureChannelRequest
        self.firstSequenceOf87 = firstSequenceOf87
        self.sequenceOf88 = sequenceOf88
        self.secondSequenceOf87 = secondSequenceOf87
        self.sequenceOf86 = sequenceOf86
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let iscr = try InitialiseSecureChannelRequest(derEncoded: &nodes, withIdentifier: .context(35))
            let first87 = try Self.segments(nodes.required("firstSequenceOf87"), list: 0, element: 7)
            let seq88 = try Self.segments(nodes.required("sequenceOf88"), list: 1, element: 8)
            let second87 = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 2, tagClass: .contextSpecific) {
                try Self.segments($0, list: 2, element: 7)
            }
            let seq86 = try Self.segments(nodes.required("sequenceOf86"), list: 3, element: 6)
            nodes.skipExtensions()
            return BoundProfilePackage(
                initialiseSecureChannelRequest: iscr, firstSequenceOf87: first87, sequenceOf88: seq88,
                secondSequenceOf87: second87, sequenceOf86: seq86)
        }
    }

    /// Writes the bytes of `derEncoded(withIdentifier:)` (lengths first, one pass): the structure is the
    /// ASN.1 above, field by field.
    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.serializeRawBytes(try derEncoded(withIdentifier: identifier))
    }

    /// `[list] SEQUENCE OF [element] OCTET STRING`.
    private static func segments(_ node: ASN1Node, list: UInt, element: UInt) throws -> [OctetString] {
        try DER.sequence(node, identifier: .context(list)) { nodes in
            var out = [OctetString]()
            while let child = nodes.next() {
                out.append(try OctetString(derEncoded: child, withIdentifier: .context(element)))
            }
            return out
        }
    }
}
