import Foundation
import RSPCore

/// A profile in the SM-DP+ inventory: an Unprotected Profile Package and its metadata.
public struct ProfileRecord: Hashable, Sendable {
    public var iccid: ICCID
    /// The operator's name for the kind of profile (ES2+ profileType), e.g. "TS48V5-SAIP2-3-NOBERTLV-UNIQUE".
    public var profileType: String
    public var serviceProviderName: String
    public var profileName: String
    public var profileClass: ProfileClass
    /// The profile owner (SGP.22 StoreMetadata profileOwner), when known.
    public var owner: OperatorID?
    /// The UPP (SAIP DER). Stored as the operator delivered it; bound per download. For a template
    /// profile (`templateID` set) it is the shared template's bytes, not yet personalised: the
    /// SM-DP+ writes this profile's ICCID into it when it binds.
    public var upp: [UInt8]
    public var importedAt: Date
    /// The `ProfileTemplateRecord` this profile was imported from, or nil when the profile carries
    /// its own UPP.
    public var templateID: String?

    public init(iccid: ICCID, profileType: String, serviceProviderName: String, profileName: String,
                profileClass: ProfileClass, owner: OperatorID?, upp: [UInt8], importedAt: Date,
                templateID: String? = nil) {
        self.iccid = iccid
        self.profileType = profileType
        self.serviceProviderName = serviceProviderName
        self.profileName = profileName
        self.profileClass = profileClass
        self.owner = owner
        self.upp = upp
        self.importedAt = importedAt
        self.templateID = templateID
    }
}

/// One UPP shared by many profiles (operator-scale import): stored once, personalised per
/// profile when its BPP is built. `id` is the SHA-256 of `upp` in lower-case hex, so importing
/// the same package twice names the same template.
public struct ProfileTemplateRecord: Hashable, Sendable {
    public var id: String
    public var upp: [UInt8]

    public init(id: String, upp: [UInt8]) {
        self.id = id
        self.upp = upp
    }
}

/// The metadata every profile of one bulk import shares (`SMDPStore.insertProfiles`).
public struct ProfileBatchMetadata: Hashable, Sendable {
    public var profileType: String
    public var serviceProviderName: String
    public var profileName: String
    public var profileClass: ProfileClass
    public var owner: OperatorID?

    public init(profileType: String, serviceProviderName: String, profileName: String, profileClass: ProfileClass,
                owner: OperatorID?) {
        self.profileType = profileType
        self.serviceProviderName = serviceProviderName
        self.profileName = profileName
        self.profileClass = profileClass
        self.owner = owner
    }
}

/// Where a profile is in its life: a profile without an order is `available`; an order carries it
/// through the others. Transitions only move forward (SGP.22 §3.1.1, ES2+ profile states).
public enum ProfileLifecycleState: String, Hashable, Sendable, Codable, CaseIterable {
    case available
    /// Reserved by ES2+.DownloadOrder without an EID.
    case allocated
    /// Reserved by ES2+.DownloadOrder for one EID.
    case linked
    /// ES2+.ConfirmOrder fixed the matchingId, but the profile waits for ES2+.ReleaseProfile.
    case confirmed
    /// Ordered and released for download: an activation code exists.
    case released
    /// A bound profile package was delivered to the eUICC.
    case downloaded
    /// The eUICC reported a successful installation (signed ProfileInstallationResult).
    case installed
    /// The download or installation failed for good; `OrderRecord.reason` says why.
    case error
    /// ES2+.CancelOrder with final status Available: the order is history, the profile free again.
    case cancelled
    /// ES2+.CancelOrder with final status Unavailable: the profile is withdrawn for good.
    case unavailable

    /// The states an order can still be downloaded from later (not yet bound, not ended).
    public var isPending: Bool { [.allocated, .linked, .confirmed, .released].contains(self) }

    /// The pending states as SQL literals, for the partial index `orders_pending_by_expiry` and
    /// the expiry sweep that reads it: SQLite uses a partial index only for a query that repeats
    /// its WHERE term, which bound parameters do not. Migrations SQLite v11 and PostgreSQL v12
    /// were written with it; a test keeps it equal to `isPending`.
    static let pendingSQLList = "'allocated', 'linked', 'confirmed', 'released'"
}

/// One download order: the profile, who may download it, how, and how far it got.
public struct OrderRecord: Hashable, Sendable {
    /// The AC_Token / matchingId (unique).
    public var matchingId: String
    public var iccid: ICCID
    /// When set, only this eUICC may download the profile.
    public var eid: EID?
    /// SHA-256 of the confirmation code, when one is required (never the code itself).
    public var confirmationCodeHash: [UInt8]?
    /// Confirmation code attempts left before the order is refused for good.
    public var confirmationCodeAttemptsLeft: Int
    public var state: ProfileLifecycleState
    /// Why the order is in `error` (or the last failure that did not end it).
    public var reason: String?
    /// The EID that downloaded the profile.
    public var downloadedBy: EID?
    public var createdAt: Date
    public var updatedAt: Date
    public var expiresAt: Date?
    /// The operator (`OperatorRecord.name`) that placed the order over ES2+; nil for a local order.
    public var operatorName: String?
    /// The SM-DS the order's event is registered with (ES12), if any.
    public var smdsAddress: String?

    /// An order reserved by ES2+.DownloadOrder has no matchingId yet: it carries a random,
    /// never disclosed one (ConfirmOrder replaces or keeps it) and cannot be downloaded before
    /// it is `released`.
    public init(matchingId: String, iccid: ICCID, eid: EID?, confirmationCodeHash: [UInt8]?,
                confirmationCodeAttemptsLeft: Int, state: ProfileLifecycleState, reason: String? = nil,
                downloadedBy: EID? = nil, createdAt: Date, updatedAt: Date, expiresAt: Date? = nil,
                operatorName: String? = nil, smdsAddress: String? = nil) {
        self.matchingId = matchingId
        self.iccid = iccid
        self.eid = eid
        self.confirmationCodeHash = confirmationCodeHash
        self.confirmationCodeAttemptsLeft = confirmationCodeAttemptsLeft
        self.state = state
        self.reason = reason
        self.downloadedBy = downloadedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.operatorName = operatorName
        self.smdsAddress = smdsAddress
    }
}

/// The state of one ES9+ RSP session (identified by its TransactionID).
public enum SessionState: String, Hashable, Sendable, Codable, CaseIterable {
    /// InitiateAuthentication answered; waiting for AuthenticateClient.
    case initiated
    /// The eUICC is authenticated and a profile chosen; waiting for GetBoundProfilePackage.
    case authenticated
    /// The BPP was delivered; waiting for the installation result.
    case bound
    case completed
    case cancelled
    case failed
}

/// The SM-DP+'s memory of one ES9+ session, from InitiateAuthentication to the installation result.
/// Holds no private key: the one-time key pair lives only while the BPP is built.
public struct SessionRecord: Hashable, Sendable {
    public var transactionId: TransactionID
    public var state: SessionState
    public var euiccChallenge: [UInt8]
    public var serverChallenge: [UInt8]
    /// SubjectKeyIdentifier of the CI chosen in InitiateAuthentication.
    public var ciPKId: [UInt8]
    /// The eUICC's SVN from EUICCInfo1.
    public var euiccSVN: [UInt8]
    public var matchingId: String?
    public var eid: EID?
    /// CERT.EUICC.ECDSA (DER), to verify euiccSignature2 and the installation result.
    public var euiccCertificate: [UInt8]?
    /// smdpSignature2 (r‖s): euiccSignature2 covers it.
    public var smdpSignature2: [UInt8]?
    public var ccRequired: Bool
    /// otPK.EUICC.ECKA the BPP was bound to, so a retry with the same key can be recognised.
    public var euiccOtpk: [UInt8]?
    public var createdAt: Date
    public var expiresAt: Date
    /// The SGP.22 version InitiateAuthentication agreed on (`VersionNegotiation`); nil for a
    /// session stored before negotiation existed (it ran at `euiccSVN`, a v2 version).
    public var negotiatedVersion: SpecificationVersion?
    /// The features agreed with it; nil: those of `negotiatedVersion` (or of v2 when both are nil).
    public var negotiatedFeatures: RSPFeatures?

    public init(transactionId: TransactionID, state: SessionState, euiccChallenge: [UInt8], serverChallenge: [UInt8],
                ciPKId: [UInt8], euiccSVN: [UInt8], matchingId: String? = nil, eid: EID? = nil,
                euiccCertificate: [UInt8]? = nil, smdpSignature2: [UInt8]? = nil, ccRequired: Bool = false,
                euiccOtpk: [UInt8]? = nil, createdAt: Date, expiresAt: Date,
                negotiatedVersion: SpecificationVersion? = nil, negotiatedFeatures: RSPFeatures? = nil) {
        self.transactionId = transactionId
        self.state = state
        self.euiccChallenge = euiccChallenge
        self.serverChallenge = serverChallenge
        self.ciPKId = ciPKId
        self.euiccSVN = euiccSVN
        self.matchingId = matchingId
        self.eid = eid
        self.euiccCertificate = euiccCertificate
        self.smdpSignature2 = smdpSignature2
        self.ccRequired = ccRequired
        self.euiccOtpk = euiccOtpk
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.negotiatedVersion = negotiatedVersion
        self.negotiatedFeatures = negotiatedFeatures
    }
}

/// A notification the SM-DP+ received (ES9+.HandleNotification), after its signature was verified.
public struct NotificationRecord: Hashable, Sendable {
    public var eid: EID?
    public var iccid: ICCID?
    public var seqNumber: Int
    /// install, enable, disable or delete (NotificationEvent bit).
    public var event: String
    public var transactionId: TransactionID?
    /// The PendingNotification as received (DER).
    public var payload: [UInt8]
    public var receivedAt: Date

    public init(eid: EID?, iccid: ICCID?, seqNumber: Int, event: String, transactionId: TransactionID?,
                payload: [UInt8], receivedAt: Date) {
        self.eid = eid
        self.iccid = iccid
        self.seqNumber = seqNumber
        self.event = event
        self.transactionId = transactionId
        self.payload = payload
        self.receivedAt = receivedAt
    }
}

/// A profile with its active order (the newest one not `cancelled`), if it has one.
public struct InventoryItem: Hashable, Sendable {
    public var profile: ProfileRecord
    public var order: OrderRecord?
    public var state: ProfileLifecycleState { order?.state ?? .available }

    public init(profile: ProfileRecord, order: OrderRecord?) {
        self.profile = profile
        self.order = order
    }
}
