import SwiftASN1

/// ES10b.GetEUICCInfo (SGP.22 §5.7.8), second form.
///
/// ```asn1
/// EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
///     profileVersion [1] VersionType,     -- SIMAlliance Profile package version supported
///     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
///     euiccFirmwareVer [3] VersionType,   -- eUICC Firmware version
///     extCardResource [4] OCTET STRING,   -- Extended Card Resource Information according to ETSI TS 102 226
///     uiccCapability [5] UICCCapability,
///     javacardVersion [6] VersionType OPTIONAL,
///     globalplatformVersion [7] VersionType OPTIONAL,
///     rspCapability [8] RspCapability,
///     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier, -- List of CI Public Key Identifiers supported on the eUICC for signature verification
///     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier, -- List of CI Public Key Identifier supported on the eUICC for signature creation
///     euiccCategory [11] INTEGER {
///         other(0),
///         basicEuicc(1),
///         mediumEuicc(2),
///         contactlessEuicc(3)
///     } OPTIONAL,
///     forbiddenProfilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
///     ppVersion VersionType, -- Protection Profile version
///     sasAcreditationNumber UTF8String (SIZE(0..64)),
///     certificationDataObject [12] CertificationDataObject OPTIONAL
/// }
/// ```
/// Components are tagged in the text, so `ppVersion` keeps its universal tag (OCTET STRING
/// '04') and `sasAcreditationNumber` its UTF8String tag '0C'.
public struct EUICCInfo2: Hashable, Sendable, Encodable, DERImplicitlyTaggable {
    public static var defaultIdentifier: ASN1Identifier { .context(34) }

    public var profileVersion: OctetString
    public var svn: OctetString
    public var euiccFirmwareVer: OctetString
    public var extCardResource: OctetString
    /// Bits: `UICCCapabilityBit`.
    public var uiccCapability: BitString
    public var javacardVersion: OctetString?
    public var globalplatformVersion: OctetString?
    /// Bits: `RspCapabilityBit`.
    public var rspCapability: BitString
    public var euiccCiPKIdListForVerification: [OctetString]
    public var euiccCiPKIdListForSigning: [OctetString]
    public var euiccCategory: EuiccCategory?
    /// Bits: `PprIdsBit`.
    public var forbiddenProfilePolicyRules: BitString?
    public var ppVersion: OctetString
    public var sasAcreditationNumber: String
    public var certificationDataObject: CertificationDataObject?

    public init(
        profileVersion: OctetString, svn: OctetString, euiccFirmwareVer: OctetString, extCardResource: OctetString,
        uiccCapability: BitString, javacardVersion: OctetString? = nil, globalplatformVersion: OctetString? = nil,
        rspCapability: BitString, euiccCiPKIdListForVerification: [OctetString], euiccCiPKIdListForSigning: [OctetString],
        euiccCategory: EuiccCategory? = nil, forbiddenProfilePolicyRules: BitString? = nil, ppVersion: OctetString,
        sasAcreditationNumber: String, certificationDataObject: CertificationDataObject? = nil
    ) {
        self.profileVersion = profileVersion
        self.svn = svn
        self.euiccFirmwareVer = euiccFirmwareVer
        self.extCardResource = extCardResource
        self.uiccCapability = uiccCapability
        self.javacardVersion = javacardVersion
        self.globalplatformVersion = globalplatformVersion
        self.rspCapability = rspCapability
        self.euiccCiPKIdListForVerification = euiccCiPKIdListForVerification
        self.euiccCiPKIdListForSigning = euiccCiPKIdListForSigning
        self.euiccCategory = euiccCategory
        self.forbiddenProfilePolicyRules = forbiddenProfilePolicyRules
        self.ppVersion = ppVersion
        self.sasAcreditationNumber = sasAcreditationNumber
        self.certificationDataObject = certificationDataObject
    }

    public init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let profileVersion = try OctetString(derEncoded: &nodes, withIdentifier: .context(1))
                .requireSize(3...3, field: "profileVersion")
            let svn = try OctetString(derEncoded: &nodes, withIdentifier: .context(2)).requireSize(3...3, field: "svn")
            let euiccFirmwareVer = try OctetString(derEncoded: &nodes, withIdentifier: .context(3))
                .requireSize(3...3, field: "euiccFirmwareVer")
            let extCardResource = try OctetString(derEncoded: &nodes, withIdentifier: .context(4))
            let uiccCapability = try BitString(derEncoded: &nodes, withIdentifier: .context(5))
            let javacardVersion: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(6))
            try javacardVersion?.requireSize(3...3, field: "javacardVersion")
            let globalplatformVersion: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(7))
            try globalplatformVersion?.requireSize(3...3, field: "globalplatformVersion")
            let rspCapability = try BitString(derEncoded: &nodes, withIdentifier: .context(8))
            let verification = try DER.sequence(of: OctetString.self, identifier: .context(9), nodes: &nodes)
            let signing = try DER.sequence(of: OctetString.self, identifier: .context(10), nodes: &nodes)
            let euiccCategory: EuiccCategory? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(11))
            let forbidden: BitString? = try DER.optionalImplicitlyTagged(&nodes, tag: .context(25))
            let ppVersion = try OctetString(derEncoded: &nodes, withIdentifier: .octetString)
                .requireSize(3...3, field: "ppVersion")
            let sas = try StrictCoding.utf8String(&nodes, identifier: .utf8String, field: "sasAcreditationNumber")
            let certificationDataObject: CertificationDataObject? = try DER.optionalImplicitlyTagged(
                &nodes, tag: .context(12))
            nodes.skipExtensions()
            return EUICCInfo2(
                profileVersion: profileVersion, svn: svn, euiccFirmwareVer: euiccFirmwareVer,
                extCardResource: extCardResource, uiccCapability: uiccCapability, javacardVersion: javacardVersion,
                globalplatformVersion: globalplatformVersion, rspCapability: rspCapability,
                euiccCiPKIdListForVerification: verification, euiccCiPKIdListForSigning: signing,
                euiccCategory: euiccCategory, forbiddenProfilePolicyRules: forbidden, ppVersion: ppVersion,
                sasAcreditationNumber: sas, certificationDataObject: certificationDataObject)
        }
    }

    public func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try profileVersion.serialize(into: &coder, withIdentifier: .context(1))
            try svn.serialize(into: &coder, withIdentifier: .context(2))
            try euiccFirmwareVer.serialize(into: &coder, withIdentifier: .context(3))
            try extCardResource.serialize(into: &coder, withIdentifier: .context(4))
            try uiccCapability.serialize(into: &coder, withIdentifier: .context(5))
            try coder.serializeOptionalImplicitlyTagged(javacardVersion, withIdentifier: .context(6))
            try coder.serializeOptionalImplicitlyTagged(globalplatformVersion, withIdentifier: .context(7))
            try rspCapability.serialize(into: &coder, withIdentifier: .context(8))
            try coder.serializeSequenceOf(euiccCiPKIdListForVerification, identifier: .context(9))
            try coder.serializeSequenceOf(euiccCiPKIdListForSigning, identifier: .context(10))
            try coder.serializeOptionalImplicitlyTagged(euiccCategory, withIdentifier: .context(11))
            try coder.serializeOptionalImplicitlyTagged(forbiddenProfilePolicyRules, withIdentifier: .context(25))
            try ppVersion.serialize(into: &coder, withIdentifier: .octetString)
            try StrictCoding.serializeUTF8String(sasAcreditationNumber, into: &coder, identifier: .utf8String)
            try coder.serializeOptionalImplicitlyTagged(certificationDataObject, withIdentifier: .context(12))
        }
    }
}

/// `euiccCategory` of `EUICCInfo2` (SGP.22 §5.7.8).
///
/// ```asn1
/// euiccCategory [11] INTEGER {
///     other(0),
///     basicEuicc(1),
///     mediumEuicc(2),
///     contactlessEuicc(3)
/// } OPTIONAL
/// ```
public struct EuiccCategory: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let other = EuiccCategory(rawValue: 0)
    public static let basicEuicc = EuiccCategory(rawValue: 1)
    public static let mediumEuicc = EuiccCategory(rawValue: 2)
    public static let contactlessEuicc = EuiccCategory(rawValue: 3)

    public static let names: [Int: String] = [0: "other", 1: "basicEuicc", 2: "mediumEuicc", 3: "contactlessEuicc"]
}

/// Named bits of `RspCapability` (SGP.22 §5.7.8), for `EUICCInfo2.rspCapability`.
///
/// ```asn1
/// RspCapability ::= BIT STRING {
///     additionalProfile(0), -- at least one more Profile can be installed
///     crlSupport(1), -- CRL
///     rpmSupport(2), -- Remote Profile Management
///     testProfileSupport (3) -- support for test profile
/// }
/// ```
public enum RspCapabilityBit {
    public static let additionalProfile = 0
    public static let crlSupport = 1
    public static let rpmSupport = 2
    public static let testProfileSupport = 3
}

/// Named bits of `UICCCapability` (SGP.22 §5.7.8), for `EUICCInfo2.uiccCapability`.
///
/// ```asn1
/// UICCCapability ::= BIT STRING {
/// /* Sequence is derived from ServicesList[] defined in SIMalliance PEDefinitions*/
///     contactlessSupport(0),  -- Contactless (SWP, HCI and associated APIs)
///     usimSupport(1),         -- USIM as defined by 3GPP
///     isimSupport(2),         -- ISIM as defined by 3GPP
///     csimSupport(3),         -- CSIM as defined by 3GPP2
///
///     akaMilenage(4),         -- Milenage as AKA algorithm
///     akaCave(5),             -- CAVE as authentication algorithm
///     akaTuak128(6),          -- TUAK as AKA algorithm with 128 bit key length
///     akaTuak256(7),          -- TUAK as AKA algorithm with 256 bit key length
///     rfu1(8),                    -- reserved for further algorithms
///     rfu2(9),                    -- reserved for further algorithms
///
///     gbaAuthenUsim(10),  -- GBA authentication in the context of USIM
///     gbaAuthenISim(11),  -- GBA authentication in the context of ISIM
///     mbmsAuthenUsim(12),     -- MBMS authentication in the context of USIM
///     eapClient(13),          -- EAP client
///
///     javacard(14),               -- Javacard support
///     multos(15),             -- Multos support
///
///     multipleUsimSupport(16),     -- Multiple USIM applications are supported within the same Profile
///     multipleIsimSupport(17),      -- Multiple ISIM applications are supported within the same Profile
///     multipleCsimSupport(18)   -- Multiple CSIM applications are supported within the same Profile
/// }
/// ```
public enum UICCCapabilityBit {
    public static let contactlessSupport = 0
    public static let usimSupport = 1
    public static let isimSupport = 2
    public static let csimSupport = 3
    public static let akaMilenage = 4
    public static let akaCave = 5
    public static let akaTuak128 = 6
    public static let akaTuak256 = 7
    public static let rfu1 = 8
    public static let rfu2 = 9
    public static let gbaAuthenUsim = 10
    public static let gbaAuthenISim = 11
    public static let mbmsAuthenUsim = 12
    public static let eapClient = 13
    public static let javacard = 14
    public static let multos = 15
    public static let multipleUsimSupport = 16
    public static let multipleIsimSupport = 17
    public static let multipleCsimSupport = 18
}

/// Named bits of `PprIds` (SGP.22 §5.7.8, §5.7.15), for `EUICCInfo2.forbiddenProfilePolicyRules`
/// (and `ProfileInfo.profilePolicyRules`).
///
/// ```asn1
/// PprIds ::= BIT STRING {-- Definition of Profile Policy Rules identifiers
///     pprUpdateControl(0), -- defines how to update PPRs via ES6
///     ppr1(1), -- Indicator for PPR1 'Disabling of this Profile is not allowed'
///     ppr2(2), -- Indicator for PPR2 'Deletion of this Profile is not allowed'
///     ppr3(3)  -- Indicator for PPR3 'Deletion of this Profile is required upon its successful disabling'
/// }
/// ```
public enum PprIdsBit {
    public static let pprUpdateControl = 0
    public static let ppr1 = 1
    public static let ppr2 = 2
    public static let ppr3 = 3
}

/// Named bits of `CertificateInfo` (SGP.22 §5.7.8). This version of the module defines the
/// type but no EUICCInfo field uses it.
///
/// ```asn1
/// CertificateInfo ::= BIT STRING {
///
///     reserved(0),    -- eUICC has a CERT.EUICC.ECDSA in GlobalPlatform format. The use of this bit is deprecated.
///     certSigningX509(1),     -- eUICC has a CERT.EUICC.ECDSA in X.509 format
///     rfu2(2),
///     rfu3(3),
///     reserved2(4), -- Handling of Certificate in GlobalPlatform format. The use of this bit is deprecated.
///     certVerificationX509(5)-- Handling of Certificate in X.509 format
/// }
/// ```
public enum CertificateInfoBit {
    public static let reserved = 0
    public static let certSigningX509 = 1
    public static let rfu2 = 2
    public static let rfu3 = 3
    public static let reserved2 = 4
    public static let certVerificationX509 = 5
}
