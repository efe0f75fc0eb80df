import SwiftASN1

/// ISD-R selection and LPAe activation (SGP.22 §5.7.1), request sent by STORE DATA to the ISD-R.
///
/// ```asn1
/// LpaeActivationRequest ::= [66] SEQUENCE { -- Tag 'BF42'
///     lpaeOption BIT STRING {
///         activateCatBasedLpae(0), -- LPAe with LUIe based on CAT
///         activateScwsBasedLpae(1) -- LPAe with LUIe based on SCWS
///     }
/// }
/// ```
/// The only component gets the automatic tag [0] ('80').
public struct LpaeActivationRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(66) }

    public var lpaeOption: BitString

    public init(lpaeOption: BitString) {
        self.lpaeOption = lpaeOption
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let option = try BitString(derEncoded: &nodes, withIdentifier: .context(0))
            nodes.skipExtensions()
            return LpaeActivationRequest(lpaeOption: option)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try lpaeOption.serialize(into: &coder, withIdentifier: .context(0))
        }
    }
}
