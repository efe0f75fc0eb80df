import RSPCore

/// ES10a (SGP.22 §5.7.3, §5.7.4): the addresses the eUICC keeps for the LPA.
extension ES10Client {
    /// ES10a.GetEuiccConfiguredAddresses (§5.7.3): default SM-DP+ and root SM-DS addresses.
    public func getEuiccConfiguredAddresses() async throws(LPAError) -> EuiccConfiguredAddressesResponse {
        try await execute(EuiccConfiguredAddressesRequest(), function: .getEuiccConfiguredAddresses)
    }

    /// ES10a.SetDefaultDpAddress (§5.7.4); an empty address removes it.
    public func setDefaultDpAddress(_ address: String) async throws(LPAError) -> SetDefaultDpAddressResponse {
        try await execute(SetDefaultDpAddressRequest(defaultDpAddress: address), function: .setDefaultDpAddress)
    }
}
