import Crypto
import ProfilePackage
import RSPCore
import RSPCrypto

/// Why an installation stopped: the BPP command being processed and the ErrorReason that
/// ProfileInstallationResult reports (SGP.22 §5.7.6).
struct ProfileInstallationFailure: Error, Hashable, Sendable {
    var command: BppCommandId
    var reason: ErrorReason
    var detail: String
}

/// One run of ES10b.LoadBoundProfilePackage (SGP.22 §2.5.5, §3.1.3.3, §5.7.6), from the 'BF36' header
/// to the last '86' segment: each step verified and unprotected as soon as its bytes are complete.
/// Nothing reaches the eUICC's state here: `feed` returns the profile to install only at the very end,
/// so an error at any step leaves nothing half-installed.
struct ProfileInstallation: Sendable {
    /// What PrepareDownload established, and what the eUICC already holds.
    struct Context: Sendable {
        var transactionId: [UInt8]
        /// CERT.DPpb.ECDSA's key: verifies smdpSign.
        var dpPbKey: P256.Signing.PublicKey
        var eid: EID
        /// Looked up once (StoreMetadata): a list, since hashing every installed ICCID into a set for
        /// one lookup cost more than the lookup.
        var installedICCIDs: [ICCID]
        var rulesAuthorisationTable: [ProfilePolicyAuthorisationRule]
        /// The AID the new ISD-P gets; nil when the eUICC has no room for another profile.
        var isdpAid: [UInt8]?
        var maximumSize: Int
    }

    /// The BPP steps in their only allowed order.
    enum Step: Sendable {
        case initialiseSecureChannel, configureISDP, storeMetadata, replaceSessionKeysOrProfileElements
        case profileElements, complete
    }

    let context: Context
    private var stream: BoundProfilePackageStream
    /// otSK.EUICC.ECKA until InitialiseSecureChannel has used it; then erased.
    private var oneTimeKey: P256.KeyAgreement.PrivateKey?
    private var bsp: BSP?
    private(set) var step: Step = .initialiseSecureChannel
    /// The sequence being received ('A0'…'A3') and its plaintext so far.
    private var sequence: UInt8?
    private var plaintext: [UInt8] = []
    private(set) var configureISDP: ConfigureISDPRequest?
    private(set) var metadata: StoreMetadataRequest?
    private var profileElements: [UInt8] = []

    init(context: Context, oneTimeKey: P256.KeyAgreement.PrivateKey) {
        self.context = context
        self.oneTimeKey = oneTimeKey
        self.stream = BoundProfilePackageStream(maximumSize: context.maximumSize)
    }

    /// The command the current step executes, for ErrorResult.bppCommandId.
    var currentCommand: BppCommandId {
        switch step {
        case .initialiseSecureChannel: .initialiseSecureChannel
        case .configureISDP: .configureISDP
        case .storeMetadata: .storeMetadata
        case .replaceSessionKeysOrProfileElements: sequence == 0xA2 ? .replaceSessionKeys : .loadProfileElements
        case .profileElements, .complete: .loadProfileElements
        }
    }

    /// Takes the next bytes of the BPP; returns the profile to install once the BPP is complete.
    mutating func feed(_ bytes: [UInt8]) throws(ProfileInstallationFailure) -> InstalledProfile? {
        let events: [BoundProfilePackageStream.Event]
        do {
            events = try stream.feed(bytes)
        } catch {
            switch error {
            case .tooLarge(let size): throw failure(.installFailedDueToInsufficientMemoryForProfile, "BPP of \(size) bytes")
            case .malformed(let why): throw failure(.scp03tStructureError, why)
            }
        }
        for event in events {
            switch event {
            case .initialiseSecureChannel(let tlv): try initialiseSecureChannel(tlv)
            case .sequenceStart(let tag): try startSequence(tag)
            case .segment(_, let tlv): try unprotectSegment(tlv)
            case .sequenceEnd(let tag): try endSequence(tag)
            case .end: return try completeInstallation()
            }
        }
        return nil
    }

    // MARK: The steps

    /// ES8+.InitialiseSecureChannel (§5.5.2): checks the remote operation, the transaction, the key
    /// agreement parameters and smdpSign (over the request up to smdpOtpk ‖ '5F49' otPK.EUICC), then
    /// derives the session keys from otSK.EUICC and otPK.DP and erases otSK.EUICC.
    mutating func initialiseSecureChannel(_ tlv: [UInt8]) throws(ProfileInstallationFailure) {
        guard step == .initialiseSecureChannel, let oneTimeKey else {
            throw failure(.scp03tStructureError, "a second InitialiseSecureChannel")
        }
        let request: InitialiseSecureChannelRequest
        do { request = try InitialiseSecureChannelRequest(derBytes: tlv) } catch {
            throw failure(.incorrectInputValues, "InitialiseSecureChannelRequest does not decode")
        }
        guard request.remoteOpId == .installBoundProfilePackage else {
            throw failure(.unsupportedRemoteOperationType, "remoteOpId \(request.remoteOpId)")
        }
        guard request.transactionId.bytes == context.transactionId else {
            throw failure(.invalidTransactionId, "transactionId \(request.transactionId.hex) is not the session's")
        }
        let crt = request.controlRefTemplate
        guard crt.keyType.bytes == [BSPConstants.keyTypeAES], crt.keyLen.bytes == [BSPConstants.keyLength] else {
            throw failure(.unsupportedCrtValues, "keyType \(crt.keyType.hex), keyLen \(crt.keyLen.hex)")
        }
        let euiccOtpk = ECKA.uncompressed(oneTimeKey.publicKey)
        do {
            let (signed, smdpSign) = try SignedData.initialiseSecureChannelSmdpSign(
                initialiseSecureChannelRequest: tlv, euiccOtpk: euiccOtpk)
            try RSPSignature.verify(rawSignature: smdpSign, over: signed, publicKey: context.dpPbKey)
        } catch {
            throw failure(.invalidSignature, "smdpSign does not verify")
        }
        do {
            let keys = try SessionKeys.derive(
                oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: request.smdpOtpk.bytes,
                hostId: crt.hostId.bytes, eid: context.eid.bytes)
            bsp = try BSP(sessionKeys: keys)
        } catch {
            throw failure(.incorrectInputValues, "key agreement failed")
        }
        self.oneTimeKey = nil
        step = .configureISDP
    }

    /// A sequence ('A0'…'A3') may only start when the BPP order (§2.5.5) allows it.
    mutating func startSequence(_ tag: UInt8) throws(ProfileInstallationFailure) {
        let allowed: Bool
        switch (tag, step) {
        case (0xA0, .configureISDP), (0xA1, .storeMetadata), (0xA2, .replaceSessionKeysOrProfileElements),
            (0xA3, .replaceSessionKeysOrProfileElements), (0xA3, .profileElements):
            allowed = true
        default:
            allowed = false
        }
        guard allowed else { throw failure(.scp03tStructureError, "sequence '\(tag)' out of order") }
        if tag == 0xA3 { step = .profileElements }
        sequence = tag
        plaintext = []
    }

    /// Verifies the MAC of one segment and decrypts it (BSP, §2.6.4); a MAC failure is a security error.
    mutating func unprotectSegment(_ tlv: [UInt8]) throws(ProfileInstallationFailure) {
        guard var bsp else { throw failure(.scp03tStructureError, "segment before InitialiseSecureChannel") }
        let clear: [UInt8]
        do {
            clear = try bsp.unprotect(segment: tlv).plaintext
        } catch BSPError.macMismatch, BSPError.badPadding {
            throw failure(.scp03tSecurityError, "segment MAC or padding does not verify")
        } catch {
            throw failure(.scp03tStructureError, "malformed segment")
        }
        self.bsp = bsp
        if sequence == 0xA3 {
            profileElements += clear
            guard profileElements.count <= context.maximumSize else {
                throw failure(.installFailedDueToInsufficientMemoryForProfile, "profile too large")
            }
        } else {
            plaintext += clear
        }
    }

    /// The end of a sequence completes its ES8+ command.
    mutating func endSequence(_ tag: UInt8) throws(ProfileInstallationFailure) {
        switch tag {
        case 0xA0: try configureISDP(plaintext)
        case 0xA1: try storeMetadata(plaintext)
        case 0xA2: try replaceSessionKeys(plaintext)
        default: step = .complete
        }
        sequence = nil
        plaintext = []
    }

    /// ES8+.ConfigureISDP (§5.5.1): creates the ISD-P (its AID is in the context; it becomes real
    /// only when the installation completes).
    mutating func configureISDP(_ der: [UInt8]) throws(ProfileInstallationFailure) {
        guard context.isdpAid != nil else {
            throw failure(.installFailedDueToInsufficientMemoryForProfile, "no room for another ISD-P")
        }
        do { configureISDP = try ConfigureISDPRequest(derBytes: der) } catch {
            throw failure(.incorrectInputValues, "ConfigureISDPRequest does not decode")
        }
        step = .storeMetadata
    }

    /// ES8+.StoreMetadata (§5.5.3): the ICCID must be new on this eUICC, and the profile's PPRs
    /// must be allowed for its owner by the Rules Authorisation Table (§2.9.2.2).
    mutating func storeMetadata(_ der: [UInt8]) throws(ProfileInstallationFailure) {
        let request: StoreMetadataRequest
        do { request = try StoreMetadataRequest(derBytes: der) } catch {
            throw failure(.incorrectInputValues, "StoreMetadataRequest does not decode")
        }
        guard !context.installedICCIDs.contains(request.iccid) else {
            throw failure(.installFailedDueToIccidAlreadyExistsOnEuicc, "ICCID \(request.iccid) is installed")
        }
        guard RulesAuthorisation.allows(request.profilePolicyRules, owner: request.profileOwner, rat: context.rulesAuthorisationTable) else {
            throw failure(.pprNotAllowed, "the RAT does not allow the profile's PPRs")
        }
        metadata = request
        step = .replaceSessionKeysOrProfileElements
    }

    /// ES8+.ReplaceSessionKeys (§5.5.4): the profile elements come protected with the PPK.
    mutating func replaceSessionKeys(_ der: [UInt8]) throws(ProfileInstallationFailure) {
        do {
            let keys = try ReplaceSessionKeysRequest(derBytes: der)
            try bsp?.replaceSessionKeys(
                ppkEnc: keys.ppkEnc.bytes, ppkCmac: keys.ppkCmac.bytes, initialMacChainingValue: keys.initialMacChainingValue.bytes)
        } catch {
            throw failure(.incorrectInputValues, "ReplaceSessionKeysRequest is invalid")
        }
        step = .profileElements
    }

    /// ES8+.LoadProfileElements completed (§5.5.5): the profile elements must form a profile package
    /// whose header ICCID is the metadata's; the result is the disabled profile to store.
    func completeInstallation() throws(ProfileInstallationFailure) -> InstalledProfile {
        guard step == .complete, let metadata, let configureISDP, let isdpAid = context.isdpAid else {
            throw failure(.scp03tStructureError, "the BoundProfilePackage ended early")
        }
        let package: UnprotectedProfilePackage
        do { package = try UnprotectedProfilePackage(der: profileElements) } catch {
            throw failure(.installFailedDueToPEProcessingError, "\(error)")
        }
        let headerICCID: ICCID
        do { headerICCID = try package.header.iccid } catch {
            throw failure(.installFailedDueToPEProcessingError, "profile header ICCID")
        }
        guard headerICCID == metadata.iccid else {
            throw failure(.installFailedDueToIccidMismatch, "header \(headerICCID) ≠ metadata \(metadata.iccid)")
        }
        return InstalledProfile(
            aid: isdpAid, state: .disabled, metadata: metadata, configureISDP: configureISDP,
            profileElements: package.der)
    }

    func failure(_ reason: ErrorReason, _ detail: String) -> ProfileInstallationFailure {
        ProfileInstallationFailure(command: currentCommand, reason: reason, detail: detail)
    }
}

extension ProfileInstallation: CustomStringConvertible {
    /// Redacted: the installation holds otSK.EUICC and the BSP keys.
    var description: String { "ProfileInstallation(step: \(step), keys: <redacted>)" }
}
