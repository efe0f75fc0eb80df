import SwiftASN1

/// ES9+ ASN.1 binding (SGP.22 §6.6): every request an LPA sends to the SM-DP+.
///
/// ```asn1
/// RemoteProfileProvisioningRequest ::= [2] CHOICE { -- Tag 'A2'
///     initiateAuthenticationRequest [57] InitiateAuthenticationRequest,  -- Tag 'BF39'
///     authenticateClientRequest [59] AuthenticateClientRequest, -- Tag 'BF3B'
///     getBoundProfilePackageRequest [58] GetBoundProfilePackageRequest,  -- Tag 'BF3A'
///     cancelSessionRequestEs9 [65] CancelSessionRequestEs9, -- Tag 'BF41'
///     handleNotification [61] HandleNotification -- tag 'BF3D'
/// }
/// ```
/// A tagged CHOICE: 'A2' wraps the alternative, which keeps its own tag (each `[n]` repeats
/// the tag the SEQUENCE already has).
public enum RemoteProfileProvisioningRequest: Hashable, Sendable, DERImplicitlyTaggable {
    case initiateAuthenticationRequest(InitiateAuthenticationRequest)
    case authenticateClientRequest(AuthenticateClientRequest)
    case getBoundProfilePackageRequest(GetBoundProfilePackageRequest)
    case cancelSessionRequestEs9(CancelSessionRequestEs9)
    case handleNotification(HandleNotification)

    public static var defaultIdentifier: ASN1Identifier { .context(2) }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.explicitlyTagged(node, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) { inner in
            switch inner.identifier {
            case .context(57): return .initiateAuthenticationRequest(try InitiateAuthenticationRequest(derEncoded: inner))
            case .context(59): return .authenticateClientRequest(try AuthenticateClientRequest(derEncoded: inner))
            case .context(58): return .getBoundProfilePackageRequest(try GetBoundProfilePackageRequest(derEncoded: inner))
            case .context(65): return .cancelSessionRequestEs9(try CancelSessionRequestEs9(derEncoded: inner))
            case .context(61): return .handleNotification(try HandleNotification(derEncoded: inner))
            default: throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch self {
            case .initiateAuthenticationRequest(let request): try coder.serialize(request)
            case .authenticateClientRequest(let request): try coder.serialize(request)
            case .getBoundProfilePackageRequest(let request): try coder.serialize(request)
            case .cancelSessionRequestEs9(let request): try coder.serialize(request)
            case .handleNotification(let request): try coder.serialize(request)
            }
        }
    }
}

extension RemoteProfileProvisioningRequest: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .initiateAuthenticationRequest(let request): try encoder.encodeChoice("initiateAuthenticationRequest", request)
        case .authenticateClientRequest(let request): try encoder.encodeChoice("authenticateClientRequest", request)
        case .getBoundProfilePackageRequest(let request): try encoder.encodeChoice("getBoundProfilePackageRequest", request)
        case .cancelSessionRequestEs9(let request): try encoder.encodeChoice("cancelSessionRequestEs9", request)
        case .handleNotification(let request): try encoder.encodeChoice("handleNotification", request)
        }
    }
}
