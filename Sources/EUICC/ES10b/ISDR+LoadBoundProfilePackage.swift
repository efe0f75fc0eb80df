import RSPCore
import RSPCrypto

/// Where a LoadBoundProfilePackage stands after the bytes of one STORE DATA sequence.
public enum LoadBoundProfilePackageProgress: Hashable, Sendable {
    /// The bytes were processed; the eUICC waits for the next part of the BPP (answer: '90 00', no data).
    case needMoreData
    /// The installation ended, installed or aborted: the signed ProfileInstallationResult (also kept
    /// as a pending notification).
    case finished(ProfileInstallationResult)
}

/// A LoadBoundProfilePackage the eUICC cannot even answer with a ProfileInstallationResult
/// (answered with a status word instead).
public enum LoadBoundProfilePackageRefusal: Error, Hashable, Sendable {
    /// No session passed PrepareDownload: there is no key to open the BPP with and no transaction to report on.
    case noPreparedDownloadSession
    /// The result could not be signed.
    case resultNotSigned
}

extension ISDR {
    /// Whether a Bound Profile Package is being received.
    public var isLoadingBoundProfilePackage: Bool { installation != nil }

    /// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6, §3.1.3.3): takes the next bytes of the BPP (one
    /// STORE DATA sequence, split anywhere) and processes every part they complete. The installation
    /// ends with a signed ProfileInstallationResult: success with the ISD-P AID, or the BPP command and
    /// reason of the first failure (any failure aborts it, stores nothing but the result, and ends the
    /// session).
    public func loadBoundProfilePackage(_ bytes: [UInt8]) throws(LoadBoundProfilePackageRefusal) -> LoadBoundProfilePackageProgress {
        if installation == nil { installation = try startInstallation() }
        // Taken out while it runs: a copy left in `installation` would share the profile elements received
        // so far, and every segment appended would then copy them all.
        guard var current = installation.take() else { throw .noPreparedDownloadSession }
        let installed: InstalledProfile?
        do {
            installed = try current.feed(bytes)
        } catch {
            installation = current
            return .finished(try abortInstallation(error, of: current))
        }
        installation = current
        guard let installed else { return .needMoreData }
        return .finished(try completeInstallation(installed, of: current))
    }

    /// Hands otSK.EUICC from the session to a new installation, with the ISD-P AID it will create.
    func startInstallation() throws(LoadBoundProfilePackageRefusal) -> ProfileInstallation {
        guard let server = session?.authenticated, let prepared = session?.prepared, let oneTimeKey = prepared.oneTimeKey,
            let dpPbKey = try? prepared.dpPbCertificate.p256SigningKey()
        else { throw .noPreparedDownloadSession }
        session?.prepared?.oneTimeKey = nil
        let context = ProfileInstallation.Context(
            transactionId: server.transactionId, dpPbKey: dpPbKey, eid: identity.eid,
            // Closures, not key paths: a key-path map copied each profile's whole metadata to read one field.
            installedICCIDs: state.profiles.map { $0.iccid }, rulesAuthorisationTable: configuration.rulesAuthorisationTable,
            isdpAid: state.profiles.count < configuration.maximumProfiles ? ISDPAID.allocate(avoiding: state.profiles.map { $0.aid }) : nil,
            maximumSize: configuration.maximumBoundProfilePackageSize)
        return ProfileInstallation(context: context, oneTimeKey: oneTimeKey)
    }

    /// Stores the new (disabled) profile and its success result in one state change, and ends the session.
    func completeInstallation(
        _ profile: InstalledProfile, of installation: ProfileInstallation
    ) throws(LoadBoundProfilePackageRefusal) -> ProfileInstallationResult {
        defer { endSession() }
        let simaResponse = OctetString(EUICCResponse.allProfileElementsInstalled)
        var newState = state
        do {
            let result = try profileInstallationResult(
                .successResult(SuccessResult(aid: OctetString(profile.aid), simaResponse: simaResponse)),
                iccid: profile.iccid, address: profile.notificationAddress(for: .notificationInstall), into: &newState)
            newState.profiles.append(profile)
            newState.notifications.append(StoredNotification(.profileInstallationResult(result)))
            try commit(newState)
            return result
        } catch {
            return try abortInstallation(
                ProfileInstallationFailure(command: .loadProfileElements, reason: .installFailedDueToUnknownError, detail: "\(error)"),
                of: installation, ending: false)
        }
    }

    /// Answers a failed installation with its error result, kept as a pending notification; nothing
    /// else of the installation stays. Ends the session.
    func abortInstallation(
        _ failure: ProfileInstallationFailure, of installation: ProfileInstallation, ending: Bool = true
    ) throws(LoadBoundProfilePackageRefusal) -> ProfileInstallationResult {
        defer { if ending { endSession() } }
        var newState = state
        let metadata = installation.metadata
        let address = metadata.flatMap { profileNotificationAddress($0, .notificationInstall) }
        let error = ErrorResult(bppCommandId: failure.command, errorReason: failure.reason)
        do {
            let result = try profileInstallationResult(.errorResult(error), iccid: metadata?.iccid, address: address, into: &newState)
            newState.notifications.append(StoredNotification(.profileInstallationResult(result)))
            try? commit(newState)
            return result
        } catch {
            throw .resultNotSigned
        }
    }

    /// Builds and signs a ProfileInstallationResult for the session's transaction (§5.7.6): its
    /// notification metadata takes the next seqNumber; the address is the profile's install address or
    /// the SM-DP+ that ran the session; smdpOid is CERT.DPpb's.
    func profileInstallationResult(
        _ finalResult: ProfileInstallationResultData.FinalResult, iccid: ICCID?, address: String?, into newState: inout EUICCState
    ) throws -> ProfileInstallationResult {
        let server = session?.authenticated
        let metadata = NotificationMetadata(
            seqNumber: newState.takeSeqNumber(), profileManagementOperation: NotificationEvent.notificationInstall.bitString,
            notificationAddress: address ?? server?.serverAddress ?? "", iccid: iccid)
        let data = try Encoded(ProfileInstallationResultData(
            transactionId: OctetString(installation?.context.transactionId ?? server?.transactionId ?? []),
            notificationMetadata: metadata, smdpOid: session?.prepared?.smdpOid, finalResult: finalResult))
        let signature = try sign(SignedData.euiccSignPIR(profileInstallationResultData: data.derBytes))
        return ProfileInstallationResult(profileInstallationResultData: data, euiccSignPIR: OctetString(signature))
    }

    func profileNotificationAddress(_ metadata: StoreMetadataRequest, _ event: NotificationEvent) -> String? {
        metadata.notificationConfigurationInfo?.first { $0.profileManagementOperation.contains(event) }?.notificationAddress
    }

    func endSession() {
        session = nil
        installation = nil
    }
}

/// SIMalliance eUICC Profile Package `EUICCResponse` (§8.11) returned in SuccessResult.simaResponse.
enum EUICCResponse {
    /// `EUICCResponse ::= SEQUENCE { peStatus [0] SEQUENCE OF PEStatus, … }` with one
    /// `PEStatus ::= SEQUENCE { status [0] PEStatusValue }` of ok(0): '30 07 A0 05 30 03 80 01 00'.
    static let allProfileElementsInstalled: [UInt8] = [0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00]
}
