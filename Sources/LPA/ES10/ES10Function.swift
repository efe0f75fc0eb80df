/// The ES10 functions (SGP.22 §5.7) plus the two card commands that reach the ISD-R, named so
/// an error can say which step the eUICC refused.
public enum ES10Function: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    // Card access (ETSI TS 102 221 §11.1.17, §11.1.1)
    case manageChannel = "MANAGE CHANNEL"
    case selectISDR = "SELECT ISD-R"
    // ES10a (§5.7.3, §5.7.4)
    case getEuiccConfiguredAddresses = "ES10a.GetEuiccConfiguredAddresses"
    case setDefaultDpAddress = "ES10a.SetDefaultDpAddress"
    // ES10b (§5.7.5 – §5.7.14, §5.7.22)
    case prepareDownload = "ES10b.PrepareDownload"
    case loadBoundProfilePackage = "ES10b.LoadBoundProfilePackage"
    case getEuiccChallenge = "ES10b.GetEUICCChallenge"
    case getEuiccInfo1 = "ES10b.GetEUICCInfo1"
    case getEuiccInfo2 = "ES10b.GetEUICCInfo2"
    case listNotification = "ES10b.ListNotification"
    case retrieveNotificationsList = "ES10b.RetrieveNotificationsList"
    case removeNotificationFromList = "ES10b.RemoveNotificationFromList"
    case loadCRL = "ES10b.LoadCRL"
    case authenticateServer = "ES10b.AuthenticateServer"
    case cancelSession = "ES10b.CancelSession"
    case getRAT = "ES10b.GetRAT"
    // ES10c (§5.7.15 – §5.7.21)
    case getProfilesInfo = "ES10c.GetProfilesInfo"
    case enableProfile = "ES10c.EnableProfile"
    case disableProfile = "ES10c.DisableProfile"
    case deleteProfile = "ES10c.DeleteProfile"
    case euiccMemoryReset = "ES10c.eUICCMemoryReset"
    case getEID = "ES10c.GetEID"
    case setNickname = "ES10c.SetNickname"

    public var description: String { rawValue }
}

/// The ES9+ functions (SGP.22 §5.6) the LPA calls.
public enum ES9PlusFunction: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case initiateAuthentication = "ES9+.InitiateAuthentication"
    case authenticateClient = "ES9+.AuthenticateClient"
    case getBoundProfilePackage = "ES9+.GetBoundProfilePackage"
    case handleNotification = "ES9+.HandleNotification"
    case cancelSession = "ES9+.CancelSession"

    public var description: String { rawValue }
}
