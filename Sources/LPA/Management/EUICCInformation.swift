import RSPCore

/// What the eUICC says about itself: ES10c.GetEID, ES10b.GetEUICCInfo2,
/// ES10a.GetEuiccConfiguredAddresses and ES10b.GetEUICCInfo1 (its SGP.22 versions and features).
public struct EUICCInformation: Hashable, Sendable {
    public var eid: EID
    public var euiccInfo2: EUICCInfo2
    public var configuredAddresses: EuiccConfiguredAddressesResponse
    public var euiccInfo1: EUICCInfo1?

    public init(
        eid: EID, euiccInfo2: EUICCInfo2, configuredAddresses: EuiccConfiguredAddressesResponse, euiccInfo1: EUICCInfo1? = nil
    ) {
        self.eid = eid
        self.euiccInfo2 = euiccInfo2
        self.configuredAddresses = configuredAddresses
        self.euiccInfo1 = euiccInfo1
    }

    /// The SGP.22 versions the eUICC offers (EUICCInfo1 svn … highestSvn); nil if unknown or unreadable.
    public var supportedVersions: VersionRange? { try? euiccInfo1?.supportedVersions }

    /// The functions the eUICC offers: its feature list, or (a v2 eUICC lists none) what its
    /// version defines; nil if unknown.
    public var features: RSPFeatures? {
        guard let supportedVersions else { return nil }
        return euiccInfo1?.deviceFeatures ?? supportedVersions.highest.features
    }
}
