import RSPCore

/// Notification delivery (SGP.22 §3.5): the eUICC keeps a signed notification for each
/// install/enable/disable/delete until its server has it.
extension LocalProfileAssistant {
    /// ES10b.ListNotification (§5.7.9): the metadata of every pending notification.
    public func notifications() async throws(LPAError) -> [NotificationMetadata] {
        switch try await es10.listNotification() {
        case .notificationMetadataList(let list): return list
        case .listNotificationsResultError(let error):
            throw .es10(ES10FunctionError(.listNotification, error))
        }
    }

    /// Sends every pending notification to its notificationAddress (§3.5): ES10b.
    /// RetrieveNotificationsList → ES9+.HandleNotification → ES10b.RemoveNotificationFromList.
    /// A notification the server refuses (or that cannot reach it) stays on the eUICC.
    public func processNotifications() async throws(LPAError) -> NotificationReport {
        let pending: [PendingNotification]
        switch try await es10.retrieveNotificationsList() {
        case .notificationList(let list):
            pending = list
        case .notificationsListResultError(let error) where error == .noResultAvailable:
            pending = []
        case .notificationsListResultError(let error):
            throw .es10(ES10FunctionError(.retrieveNotificationsList, error))
        }
        var report = NotificationReport()
        for notification in pending {
            let metadata = notification.metadata
            do {
                try await deliver(notification, metadata: metadata, to: serverFactory(metadata.notificationAddress))
                report.delivered.append(metadata)
            } catch {
                logger.notice(
                    "notification kept", metadata: ["seqNumber": "\(metadata.seqNumber)", "error": "\(error)"])
                report.kept.append(NotificationReport.Kept(metadata: metadata, error: error))
            }
        }
        return report
    }

    /// ES9+.HandleNotification, then — only when the server accepted it — ES10b.
    /// RemoveNotificationFromList (§5.7.11).
    func deliver(_ notification: PendingNotification, metadata: NotificationMetadata, to server: any ES9PlusService)
        async throws(LPAError)
    {
        try await callServer(.handleNotification, address: metadata.notificationAddress) {
            try await server.handleNotification(HandleNotification(pendingNotification: notification))
        }
        let removal = try await es10.removeNotificationFromList(seqNumber: metadata.seqNumber)
        switch removal.deleteNotificationStatus {
        case .ok, .nothingToDelete:
            return
        default:
            throw .es10(ES10FunctionError(.removeNotificationFromList, removal.deleteNotificationStatus))
        }
    }
}

extension PendingNotification {
    /// The metadata (sequence number, operation, address) of either kind of notification.
    var metadata: NotificationMetadata {
        switch self {
        case .profileInstallationResult(let result): return result.profileInstallationResultData.value.notificationMetadata
        case .otherSignedNotification(let other): return other.tbsOtherNotification.value
        }
    }
}
