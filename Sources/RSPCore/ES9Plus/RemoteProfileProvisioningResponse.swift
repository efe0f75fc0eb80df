import SwiftASN1

/// ES9+ ASN.1 binding (SGP.22 §6.6): every response the SM-DP+ (or SM-DS, for ES11) returns.
///
/// ```asn1
/// RemoteProfileProvisioningResponse ::= [2] CHOICE { -- Tag 'A2'
///     initiateAuthenticationResponse [57] InitiateAuthenticationResponse, -- Tag 'BF39'
///     authenticateClientResponseEs9 [59] AuthenticateClientResponseEs9, -- Tag 'BF3B'
///     getBoundProfilePackageResponse [58] GetBoundProfilePackageResponse, -- Tag 'BF3A'
///     cancelSessionResponseEs9 [65] CancelSessionResponseEs9, -- Tag 'BF41'
///     authenticateClientResponseEs11 [64] AuthenticateClientResponseEs11 -- Tag 'BF40'
/// }
/// ```
/// 'A2' wraps the alternative. Each alternative is itself a tagged CHOICE, so its `[n]` is an
/// implicit re-tag with the same tag (X.680 §31.2.7): one 'BF39' etc. The doubled form some
/// tools produce ('BF39' { 'BF39' { … } }) is accepted when decoding.
public enum RemoteProfileProvisioningResponse: Hashable, Sendable, DERImplicitlyTaggable {
    case initiateAuthenticationResponse(InitiateAuthenticationResponse)
    case authenticateClientResponseEs9(AuthenticateClientResponseEs9)
    case getBoundProfilePackageResponse(GetBoundProfilePackageResponse)
    case cancelSessionResponseEs9(CancelSessionResponseEs9)
    case authenticateClientResponseEs11(AuthenticateClientResponseEs11)

    public static var defaultIdentifier: ASN1Identifier { .context(2) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(57):
                return .initiateAuthenticationResponse(
                    try ES9PlusCoding.taggedChoice(inner, as: InitiateAuthenticationResponse.self, tag: .context(57)))
            case .context(59):
                return .authenticateClientResponseEs9(
                    try ES9PlusCoding.taggedChoice(inner, as: AuthenticateClientResponseEs9.self, tag: .context(59)))
            case .context(58):
                return .getBoundProfilePackageResponse(
                    try ES9PlusCoding.taggedChoice(inner, as: GetBoundProfilePackageResponse.self, tag: .context(58)))
            case .context(65):
                return .cancelSessionResponseEs9(
                    try ES9PlusCoding.taggedChoice(inner, as: CancelSessionResponseEs9.self, tag: .context(65)))
            case .context(64):
                return .authenticateClientResponseEs11(
                    try ES9PlusCoding.taggedChoice(inner, as: AuthenticateClientResponseEs11.self, tag: .context(64)))
            default:
                throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .initiateAuthenticationResponse(let response): try coder.serialize(response)
            case .authenticateClientResponseEs9(let response): try coder.serialize(response)
            case .getBoundProfilePackageResponse(let response): try coder.serialize(response)
            case .cancelSessionResponseEs9(let response): try coder.serialize(response)
            case .authenticateClientResponseEs11(let response): try coder.serialize(response)
            }
        }
    }
}

extension RemoteProfileProvisioningResponse: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .initiateAuthenticationResponse(let response): try encoder.encodeChoice("initiateAuthenticationResponse", response)
        case .authenticateClientResponseEs9(let response): try encoder.encodeChoice("authenticateClientResponseEs9", response)
        case .getBoundProfilePackageResponse(let response): try encoder.encodeChoice("getBoundProfilePackageResponse", response)
        case .cancelSessionResponseEs9(let response): try encoder.encodeChoice("cancelSessionResponseEs9", response)
        case .authenticateClientResponseEs11(let response): try encoder.encodeChoice("authenticateClientResponseEs11", response)
        }
    }
}
