import RSPCore
import RSPCrypto

extension ISDR {
    /// ES10b.ListNotification (SGP.22 §5.7.9): the metadata of the pending notifications, optionally
    /// only those of the given operations.
    public func listNotification(_ request: ListNotificationRequest) -> ListNotificationResponse {
        .notificationMetadataList(pendingNotifications(matching: request.profileManagementOperation).map(\.metadata))
    }

    /// ES10b.RetrieveNotificationsList (SGP.22 §5.7.10): the signed pending notifications, all of them
    /// or those with a seqNumber or an operation; noResultAvailable when a criterion matches nothing.
    public func retrieveNotificationsList(_ request: RetrieveNotificationsListRequest) -> RetrieveNotificationsListResponse {
        let found: [StoredNotification]
        switch request.searchCriteria {
        case nil: found = state.notifications
        case .seqNumber(let number): found = state.notifications.filter { $0.seqNumber == number }
        case .profileManagementOperation(let operations): found = pendingNotifications(matching: operations)
        }
        if request.searchCriteria != nil, found.isEmpty { return .notificationsListResultError(.noResultAvailable) }
        return .notificationList(found.map(\.notification))
    }

    /// ES10b.RemoveNotificationFromList (SGP.22 §5.7.11): the LPA delivered notification seqNumber.
    public func removeNotificationFromList(_ request: NotificationSentRequest) -> NotificationSentResponse {
        guard state.notifications.contains(where: { $0.seqNumber == request.seqNumber }) else {
            return NotificationSentResponse(deleteNotificationStatus: .nothingToDelete)
        }
        var newState = state
        newState.notifications.removeAll { $0.seqNumber == request.seqNumber }
        do { try commit(newState) } catch {
            return NotificationSentResponse(deleteNotificationStatus: .undefinedError)
        }
        return NotificationSentResponse(deleteNotificationStatus: .ok)
    }

    func pendingNotifications(matching operations: BitString?) -> [StoredNotification] {
        guard let operations else { return state.notifications }
        let wanted = Set(operations.setBits)
        return state.notifications.filter { !wanted.isDisjoint(with: $0.metadata.profileManagementOperation.setBits) }
    }

    /// The OtherSignedNotification for an enable/disable/delete of `profile` (SGP.22 §3.5, §5.7.10), when
    /// its notificationConfigurationInfo asks for `event`: NotificationMetadata with the next seqNumber,
    /// signed by the eUICC, with CERT.EUICC and CERT.EUM. Added to `newState`.
    func recordNotification(_ event: NotificationEvent, for profile: InstalledProfile, into newState: inout EUICCState) throws {
        guard let address = profile.notificationAddress(for: event) else { return }
        let metadata = try Encoded(NotificationMetadata(
            seqNumber: newState.takeSeqNumber(), profileManagementOperation: event.bitString,
            notificationAddress: address, iccid: profile.iccid))
        let signature = try sign(SignedData.euiccNotificationSignature(tbsOtherNotification: metadata.derBytes))
        let notification = OtherSignedNotification(
            tbsOtherNotification: metadata, euiccNotificationSignature: OctetString(signature),
            euiccCertificate: try identity.euiccCertificateDER, eumCertificate: try identity.eumCertificateDER)
        newState.notifications.append(StoredNotification(.otherSignedNotification(notification)))
    }
}
