import RSPCore

/// What `processNotifications()` achieved (SGP.22 §3.5).
public struct NotificationReport: Hashable, Sendable {
    /// A notification that is still on the eUICC, and why.
    public struct Kept: Hashable, Sendable {
        public var metadata: NotificationMetadata
        public var error: LPAError
        public init(metadata: NotificationMetadata, error: LPAError) {
            self.metadata = metadata
            self.error = error
        }
    }

    /// Accepted by their server and removed from the eUICC.
    public var delivered: [NotificationMetadata]
    /// Refused by or not delivered to their server, or not removed: retried next time.
    public var kept: [Kept]
    /// Set when the pending notifications could not even be read from the eUICC.
    public var retrievalError: LPAError?

    public init(delivered: [NotificationMetadata] = [], kept: [Kept] = [], retrievalError: LPAError? = nil) {
        self.delivered = delivered
        self.kept = kept
        self.retrievalError = retrievalError
    }
}
