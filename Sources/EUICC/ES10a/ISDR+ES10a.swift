import RSPCore

extension ISDR {
    /// ES10a.GetEuiccConfiguredAddresses (SGP.22 §5.7.3): the default SM-DP+ and root SM-DS addresses.
    public func getEuiccConfiguredAddresses() -> EuiccConfiguredAddressesResponse {
        EuiccConfiguredAddressesResponse(defaultDpAddress: state.defaultDpAddress, rootDsAddress: configuration.rootDsAddress)
    }

    /// ES10a.SetDefaultDpAddress (SGP.22 §5.7.4): replaces the default SM-DP+ address (an empty one removes it).
    public func setDefaultDpAddress(_ request: SetDefaultDpAddressRequest) -> SetDefaultDpAddressResponse {
        var newState = state
        newState.defaultDpAddress = request.defaultDpAddress.isEmpty ? nil : request.defaultDpAddress
        do { try commit(newState) } catch {
            return SetDefaultDpAddressResponse(setDefaultDpAddressResult: .undefinedError)
        }
        return SetDefaultDpAddressResponse(setDefaultDpAddressResult: .ok)
    }
}
