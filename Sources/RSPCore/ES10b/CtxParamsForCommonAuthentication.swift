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
///
/// SGP.22 v3 appends `operationType [2] OperationType` (BIT STRING: profileDownload(0), rpm(1));
/// a device sends it only when the negotiated version has it (`SpecificationVersion.hasOperationType`).
public struct CtxParamsForCommonAuthentication: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .sequence }

    public var matchingId: String?
    public var deviceInfo: DeviceInfo
    public var operationType: BitString?

    /// OperationType bits (SGP.22 v3).
    public enum Operation: Int, Sendable {
        case profileDownload = 0
        case rpm = 1
    }

    public init(matchingId: String? = nil, deviceInfo: DeviceInfo, operationType: BitString? = nil) {
        self.matchingId = matchingId
        self.deviceInfo = deviceInfo
        self.operationType = operationType
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let matchingId = try StrictCoding.optionalUTF8String(&nodes, identifier: .context(0), field: "matchingId")
            let deviceInfo = try DeviceInfo(derEncoded: &nodes, withIdentifier: .context(1))
            let extensions = nodes.extensions()
            return CtxParamsForCommonAuthentication(
                matchingId: matchingId, deviceInfo: deviceInfo, operationType: try extensions.first(tagged: .context(2)))
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if let matchingId {
                try StrictCoding.serializeUTF8String(matchingId, into: &coder, identifier: .context(0))
            }
            try deviceInfo.serialize(into: &coder, withIdentifier: .context(1))
            try operationType?.serialize(into: &coder, withIdentifier: .context(2))
        }
    }
}
