import RSPCore
import RSPStore

/// The profile metadata the SM-DP+ sends twice: in the AuthenticateClient response for the user's
/// consent, and MACed in the BPP as ES8+.StoreMetadata (SGP.22 §5.5.3, §5.6.3).
extension SMDPPlus {
    /// StoreMetadataRequest for a profile record: ICCID, SPN, name, class, owner, and every
    /// notification (install, enable, disable, delete) addressed to this SM-DP+, one entry per
    /// event as the recorded pySim SM-DP+ does.
    func storeMetadata(for profile: ProfileRecord) -> StoreMetadataRequest {
        let events: [NotificationEvent] = [.notificationInstall, .notificationEnable, .notificationDisable, .notificationDelete]
        return StoreMetadataRequest(
            iccid: profile.iccid,
            serviceProviderName: profile.serviceProviderName,
            profileName: profile.profileName,
            profileClass: profile.profileClass,
            notificationConfigurationInfo: events.map {
                NotificationConfigurationInformation(
                    profileManagementOperation: $0.bitString, notificationAddress: configuration.address)
            },
            profileOwner: profile.owner)
    }
}
