/// ES10 (LPA ↔ eUICC) failures are not status codes but per-function INTEGER results,
/// defined next to the structure that carries them (one `NamedInteger` type each):
///
/// | Function (SGP.22 §5.7) | Error type |
/// |---|---|
/// | AuthenticateServer | `AuthenticateErrorCode` |
/// | PrepareDownload | `DownloadErrorCode` |
/// | LoadBoundProfilePackage | `ErrorReason` + `BppCommandId` in `ErrorResult` |
/// | CancelSession | `CancelSessionResponse.Error` |
/// | GetProfilesInfo | `ProfileInfoListError` |
/// | Enable/Disable/DeleteProfile, SetNickname, EuiccMemoryReset, NotificationSent, SetDefaultDpAddress | the `…Result` integers of their responses |
/// | LoadCRL | `LoadCRLResponseError` |
///
/// ES10 transport-level failures are APDU status words (ETSI TS 102 221 §10.2); the
/// ones an ISD-R answers are listed here once.
public enum StatusWord {
    public static let success: UInt16 = 0x9000
    /// '61xx': more response data, fetch with GET RESPONSE.
    public static let moreDataPrefix: UInt8 = 0x61
    public static let wrongLength: UInt16 = 0x6700
    public static let securityStatusNotSatisfied: UInt16 = 0x6982
    public static let conditionsOfUseNotSatisfied: UInt16 = 0x6985
    public static let incorrectData: UInt16 = 0x6A80
    public static let fileNotFound: UInt16 = 0x6A82
    public static let incorrectP1P2: UInt16 = 0x6A86
    public static let insNotSupported: UInt16 = 0x6D00
    public static let claNotSupported: UInt16 = 0x6E00
    public static let logicalChannelNotSupported: UInt16 = 0x6881
    /// '6A 88': referenced data not found — an ES10 command tag the ISD-R does not know.
    public static let referencedDataNotFound: UInt16 = 0x6A88
    /// '6A 81': function not supported — e.g. no logical channel left to open.
    public static let functionNotSupported: UInt16 = 0x6A81
    /// '68 84': command chaining not supported (ES10 chains with STORE DATA blocks instead).
    public static let commandChainingNotSupported: UInt16 = 0x6884
    /// '68 82': secure messaging not supported.
    public static let secureMessagingNotSupported: UInt16 = 0x6882
}
