import RSPCore

/// A pending notification (SGP.22 §3.5): a signed ProfileInstallationResult or OtherSignedNotification,
/// kept until ES10b.RemoveNotificationFromList says the LPA delivered it.
public struct StoredNotification: Hashable, Sendable {
    public var notification: PendingNotification

    public init(_ notification: PendingNotification) {
        self.notification = notification
    }

    /// The metadata ListNotification reports for it.
    public var metadata: NotificationMetadata {
        switch notification {
        case .profileInstallationResult(let result): result.profileInstallationResultData.value.notificationMetadata
        case .otherSignedNotification(let other): other.tbsOtherNotification.value
        }
    }

    public var seqNumber: Int { metadata.seqNumber }
}

extension StoredNotification: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let der = Base64.decode(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "notification is not base64")
        }
        self.notification = try PendingNotification(derBytes: der)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Base64.encode(try notification.derEncoded()))
    }
}
