import SwiftASN1

/// The X9.62 / RFC 3279 DER form of an ECDSA signature, used in X.509 certificates and CRLs.
///
/// ```asn1
/// Ecdsa-Sig-Value ::= SEQUENCE {
///     r INTEGER,
///     s INTEGER
/// }
/// ```
/// SGP.22 messages carry the plain r‖s form instead (see `RSPSignature`); this type converts.
struct ECDSASigValue: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    /// Unsigned big-endian magnitude, without leading zero bytes.
    var r: ArraySlice<UInt8>
    /// Unsigned big-endian magnitude, without leading zero bytes.
    var s: ArraySlice<UInt8>

    init(r: ArraySlice<UInt8>, s: ArraySlice<UInt8>) {
        self.r = r
        self.s = s
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let r = try ArraySlice<UInt8>(derEncoded: &nodes)
            let s = try ArraySlice<UInt8>(derEncoded: &nodes)
            return ECDSASigValue(r: r, s: s)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(r)
            try coder.serialize(s)
        }
    }
}
