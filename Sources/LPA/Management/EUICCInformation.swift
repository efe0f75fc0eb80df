import RSPCore

/// What the eUICC says about itself: ES10c.GetEID, ES10b.GetEUICCInfo2 and
/// ES10a.GetEuiccConfiguredAddresses.
public struct EUICCInformation: Hashable, Sendable {
    public var eid: EID
    public var euiccInfo2: EUICCInfo2
    public var configuredAddresses: EuiccConfiguredAddressesResponse

    public init(eid: EID, euiccInfo2: EUICCInfo2, configuredAddresses: EuiccConfiguredAddressesResponse) {
        self.eid = eid
        self.euiccInfo2 = euiccInfo2
        self.configuredAddresses = configuredAddresses
    }
}
