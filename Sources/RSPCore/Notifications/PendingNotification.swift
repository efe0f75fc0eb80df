import SwiftASN1

/// ES10b.RetrieveNotificationsList (SGP.22 §5.7.10) and ES9+.HandleNotification (§5.6.4):
/// one signed notification.
///
/// ```asn1
/// PendingNotification ::= CHOICE {
///     profileInstallationResult [55] ProfileInstallationResult, -- tag 'BF37'
///     otherSignedNotification OtherSignedNotification
/// }
/// ```
/// One alternative has a written tag, so `otherSignedNotification` keeps the universal
/// SEQUENCE tag '30'. An untagged CHOICE has no tag of its own, so this type is
/// `DERParseable`/`DERSerializable` (dispatching on the alternative's tag) rather than
/// implicitly taggable.
public enum PendingNotification: Hashable, Sendable, DERParseable, DERSerializable {
    case profileInstallationResult(ProfileInstallationResult)
    case otherSignedNotification(OtherSignedNotification)

    public init(derEncoded node: ASN1Node) throws {
        switch node.identifier {
        case ProfileInstallationResult.defaultIdentifier:
            self = .profileInstallationResult(try ProfileInstallationResult(derEncoded: node))
        case OtherSignedNotification.defaultIdentifier:
            self = .otherSignedNotification(try OtherSignedNotification(derEncoded: node))
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
    }

    public func serialize(into coder: inout DER.Serializer) throws {
        switch self {
        case .profileInstallationResult(let result): try coder.serialize(result)
        case .otherSignedNotification(let notification): try coder.serialize(notification)
        }
    }
}

extension PendingNotification: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .profileInstallationResult(let result): try encoder.encodeChoice("profileInstallationResult", result)
        case .otherSignedNotification(let notification): try encoder.encodeChoice("otherSignedNotification", notification)
        }
    }
}
