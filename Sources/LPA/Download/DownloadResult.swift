import RSPCore

/// A successfully installed profile (SGP.22 §3.1.3.4).
public struct DownloadResult: Hashable, Sendable {
    public var iccid: ICCID
    /// The AID of the ISD-P the profile was installed in (SuccessResult.aid).
    public var isdpAid: OctetString
    public var transactionId: OctetString
    /// The metadata the SM-DP+ sent with the offer.
    public var profileMetadata: StoreMetadataRequest
    /// The eUICC's signed Profile Installation Result, as sent to the SM-DP+.
    public var installationResult: ProfileInstallationResult
    /// Whether the SM-DP+ accepted the installation result; if not, it stays on the eUICC
    /// and `processNotifications()` sends it later.
    public var installationResultDelivered: Bool
    /// The SGP.22 version and features the session ran at (`VersionNegotiation`).
    public var agreement: VersionNegotiation.Agreement

    public init(
        iccid: ICCID, isdpAid: OctetString, transactionId: OctetString, profileMetadata: StoreMetadataRequest,
        installationResult: ProfileInstallationResult, installationResultDelivered: Bool,
        agreement: VersionNegotiation.Agreement = VersionNegotiation.Agreement(
            version: .sgp22v2_2_2, features: .profileDownload, announced: false)
    ) {
        self.iccid = iccid
        self.isdpAid = isdpAid
        self.transactionId = transactionId
        self.profileMetadata = profileMetadata
        self.installationResult = installationResult
        self.installationResultDelivered = installationResultDelivered
        self.agreement = agreement
    }
}
