import RSPCore

/// What the eUICC says about itself besides its identity (SGP.22 §5.7.8 EUICCInfo2, §5.7.4
/// configured addresses, §2.9.2.2 Rules Authorisation Table), and its capacity.
public struct EUICCConfiguration: Sendable {
    /// EUICCInfo2 without the CI lists, which always come from the identity. Defaults describe a
    /// SGP.22 v2.2.2 eUICC with USIM/ISIM support that accepts additional and test profiles.
    public var euiccInfo2Template: EUICCInfo2
    /// The SGP.22 versions the card supports, from manufacture: they go into the state of a new
    /// card (`EUICCState.supportedVersions`), which is what the ISD-R uses from then on. The
    /// default, v2.2.2 alone, is the card OpenRSP always had: EUICCInfo1 `svn` 2.2.2 and no
    /// negotiation fields.
    public var initialSupportedVersions: VersionRange
    /// The card's feature list at manufacture (`EUICCState.features`); nil: what the highest
    /// supported version defines.
    public var initialFeatures: RSPFeatures?
    /// The root SM-DS address (ES10a.GetEuiccConfiguredAddresses).
    public var rootDsAddress: String
    /// The default SM-DP+ address installed at manufacture (ES10a), replaced by SetDefaultDpAddress.
    public var initialDefaultDpAddress: String?
    /// The Rules Authorisation Table (ES10b.GetRAT): which PPRs which profile owners may set.
    public var rulesAuthorisationTable: [ProfilePolicyAuthorisationRule]
    /// How many profiles fit; the next installation fails with installFailedDueToInsufficientMemoryForProfile.
    public var maximumProfiles: Int
    /// The largest Bound Profile Package accepted, in bytes.
    public var maximumBoundProfilePackageSize: Int

    public init(
        euiccInfo2Template: EUICCInfo2 = EUICCConfiguration.defaultEUICCInfo2,
        initialSupportedVersions: VersionRange = .openRSPDefault,
        initialFeatures: RSPFeatures? = nil,
        rootDsAddress: String = "lpa.ds.gsma.com",
        initialDefaultDpAddress: String? = nil,
        rulesAuthorisationTable: [ProfilePolicyAuthorisationRule] = [],
        maximumProfiles: Int = 8,
        maximumBoundProfilePackageSize: Int = 2 * 1024 * 1024
    ) {
        self.euiccInfo2Template = euiccInfo2Template
        self.initialSupportedVersions = initialSupportedVersions
        self.initialFeatures = initialFeatures
        self.rootDsAddress = rootDsAddress
        self.initialDefaultDpAddress = initialDefaultDpAddress
        self.rulesAuthorisationTable = rulesAuthorisationTable
        self.maximumProfiles = maximumProfiles
        self.maximumBoundProfilePackageSize = maximumBoundProfilePackageSize
    }

    /// A v2.2.2 eUICC: SAIP 2.3.1, USIM + ISIM + Milenage, additional profiles and test profiles,
    /// no CRL or RPM support (the bits a peer may rely on are the ones we honour).
    public static let defaultEUICCInfo2 = EUICCInfo2(
        profileVersion: [0x02, 0x03, 0x01],
        svn: SpecificationVersion.sgp22v2_2_2.octetString,
        euiccFirmwareVer: [0x01, 0x00, 0x00],
        // ETSI TS 102 226 §8.2.1.7.2: '81' installed applications, '82' free non-volatile memory,
        // '83' free volatile memory.
        extCardResource: [0x81, 0x01, 0x00, 0x82, 0x04, 0x00, 0x10, 0x00, 0x00, 0x83, 0x02, 0x20, 0x00],
        uiccCapability: BitString(bits: [
            UICCCapabilityBit.usimSupport, UICCCapabilityBit.isimSupport, UICCCapabilityBit.akaMilenage,
        ]),
        rspCapability: BitString(bits: [RspCapabilityBit.additionalProfile, RspCapabilityBit.testProfileSupport]),
        euiccCiPKIdListForVerification: [],
        euiccCiPKIdListForSigning: [],
        euiccCategory: .other,
        ppVersion: [0x01, 0x00, 0x00],
        sasAcreditationNumber: "OPENRSP-SOFTWARE-EUICC")
}
