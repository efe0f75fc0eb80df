import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): the context of a profile download or an SM-DS
/// event retrieval.
///
/// ```asn1
/// CtxParamsForCommonAuthentication ::= SEQUENCE {
///     matchingId UTF8String OPTIONAL,-- The MatchingId could be the Activation code token or EventID or empty
///     deviceInfo DeviceInfo -- The Device information
/// }
/// ```
/// No component is tagged in the text: AUTOMATIC TAGS gives them [0] ('80') and [1] ('A1').
public struct CtxParamsForCommonAuthentication: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var matchingId: String?
    public var deviceInfo: DeviceInfo

    public init(matchingId: String? = nil, deviceInfo: DeviceInfo) {
        self.matchingId = matchingId
        self.deviceInfo = deviceInfo
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let matchingId = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(0), field: "matchingId")
            let deviceInfo = try DeviceInfo(derEncoded: &nodes, withIdentifier: .context(1))
            nodes.skipExtensions()
            return CtxParamsForCommonAuthentication(matchingId: matchingId, deviceInfo: deviceInfo)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if let matchingId {
                try StrictCoding.serializeUTF8String(matchingId, into: &coder, identifier: .context(0))
            }
            try deviceInfo.serialize(into: &coder, withIdentifier: .context(1))
        }
    }
}
