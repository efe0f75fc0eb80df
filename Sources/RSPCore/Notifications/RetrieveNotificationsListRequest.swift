import SwiftASN1

/// ES10b.RetrieveNotificationsList (SGP.22 §5.7.10).
///
/// ```asn1
/// RetrieveNotificationsListRequest ::= [43] SEQUENCE { -- Tag 'BF2B'
///     searchCriteria CHOICE {
///         seqNumber [0] INTEGER,
///         profileManagementOperation [1] NotificationEvent
///     } OPTIONAL
/// }
/// ```
/// `searchCriteria` gets the automatic tag [0], and a tag on a CHOICE is explicit:
/// 'A0' wraps '80' (seqNumber) or '81' (profileManagementOperation).
public struct RetrieveNotificationsListRequest: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(43) }

    /// The `searchCriteria` CHOICE.
    public enum SearchCriteria: Hashable, Sendable, Encodable, DERParseable, DERSerializable {
        case seqNumber(Int)
        /// A `NotificationEvent` bit string (see ``NotificationEvent``).
        case profileManagementOperation(BitString)

        public init(derEncoded node: ASN1Node) throws {
            switch node.identifier {
            case .context(0): self = .seqNumber(try Int(derEncoded: node, withIdentifier: .context(0)))
            case .context(1): self = .profileManagementOperation(try BitString(derEncoded: node, withIdentifier: .context(1)))
            default: throw ASN1Error.unexpectedFieldType(node.identifier)
            }
        }

        public func serialize(into coder: inout DER.Serializer) throws {
            switch self {
            case .seqNumber(let number): try number.serialize(into: &coder, withIdentifier: .context(0))
            case .profileManagementOperation(let event): try event.serialize(into: &coder, withIdentifier: .context(1))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .seqNumber(let number): try encoder.encodeChoice("seqNumber", number)
            case .profileManagementOperation(let event): try encoder.encodeChoice("profileManagementOperation", event)
            }
        }
    }

    public var searchCriteria: SearchCriteria?

    public init(searchCriteria: SearchCriteria? = nil) {
        self.searchCriteria = searchCriteria
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let criteria = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try SearchCriteria(derEncoded: $0)
            }
            nodes.skipExtensions()
            return RetrieveNotificationsListRequest(searchCriteria: criteria)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            if let searchCriteria {
                try coder.serialize(searchCriteria, explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
            }
        }
    }
}
