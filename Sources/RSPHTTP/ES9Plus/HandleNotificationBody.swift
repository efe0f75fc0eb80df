import RSPCore

/// ES9+.HandleNotification request body (SGP.22 §6.5.2, function §5.6.4).
///
/// ```json
/// {"pendingNotification": "<b64 DER 'BF37' or '30'>"}
/// ```
/// The successful response is HTTP 204 with no body: SGP.22 gives the LPA nothing back
/// beyond transport success.
public struct HandleNotificationRequestBody: Codable, Hashable, Sendable {
    public var pendingNotification: String?

    public init(pendingNotification: String?) {
        self.pendingNotification = pendingNotification
    }

    public init(_ request: HandleNotification) throws {
        self.init(pendingNotification: try JSONField.base64DER(request.pendingNotification))
    }

    public func message() throws(StatusCode) -> HandleNotification {
        HandleNotification(
            pendingNotification: try JSONField.der(PendingNotification.self, base64: pendingNotification, "pendingNotification"))
    }
}
