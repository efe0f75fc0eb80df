import RSPCore

/// A completed local profile operation (SGP.22 §3.2) and the notifications it produced,
/// which the LPA sends right away (§3.5).
public struct ProfileOperationResult: Hashable, Sendable {
    public var iccid: ICCID
    public var operation: NotificationEvent
    public var notifications: NotificationReport

    public init(iccid: ICCID, operation: NotificationEvent, notifications: NotificationReport) {
        self.iccid = iccid
        self.operation = operation
        self.notifications = notifications
    }
}
