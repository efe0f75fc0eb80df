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
public struct BoundProfilePackage: Hashable, Sendable, Encodable, DERReadable {
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

    public init(derTLV tlv: DERStructure.TLV, in bytes: [UInt8], withIdentifier identifier: ASN1Identifier) throws {
        var elements = try DERReader(tlv, in: bytes, identifier: identifier)
        initialiseSecureChannelRequest = try elements.decode(
            InitialiseSecureChannelRequest.self, identifier: .context(35), field: "initialiseSecureChannelRequest")
        var first87 = try elements.nested(.context(0), field: "firstSequenceOf87")
        firstSequenceOf87 = try Self.segments(&first87, element: 7)
        var seq88 = try elements.nested(.context(1), field: "sequenceOf88")
        sequenceOf88 = try Self.segments(&seq88, element: 8)
        if var second87 = try elements.optionalNested(.context(2)) {
            secondSequenceOf87 = try Self.segments(&second87, element: 7)
        } else {
            secondSequenceOf87 = nil
        }
        var seq86 = try elements.nested(.context(3), field: "sequenceOf86")
        sequenceOf86 = try Self.segments(&seq86, element: 6)
        elements.skipExtensions()
    }

    /// Writes the bytes of `derEncoded(withIdentifier:)` (lengths first, one pass): the structure is the
    /// ASN.1 above, field by field.
    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        coder.serializeRawBytes(try derEncoded(withIdentifier: identifier))
    }

    /// The elements of one `[list] SEQUENCE OF [element] OCTET STRING`.
    private static func segments(_ list: inout DERReader, element: UInt) throws -> [OctetString] {
        var out = [OctetString]()
        while let child = try list.next() {
            out.append(try OctetString(derTLV: child, in: list.bytes, withIdentifier: .context(element)))
        }
        return out
    }
}
