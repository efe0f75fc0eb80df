import Foundation
import RSPCore

/// One event registered with the SM-DS by ES12.RegisterEvent (SGP.22 §5.9.1, §3.6.1): an
/// SM-DP+ (`registeredBy`) has something for the eUICC `eid` at `rspServerAddress`.
public struct EventRecord: Hashable, Sendable {
    public var eventId: String
    public var eid: EID
    public var rspServerAddress: String
    /// The ES12 requester that registered the event; only it may delete it.
    public var registeredBy: String
    public var createdAt: Date
    /// After this instant the event is no longer offered to the eUICC (ES11).
    public var expiresAt: Date

    public init(eventId: String, eid: EID, rspServerAddress: String, registeredBy: String, createdAt: Date, expiresAt: Date) {
        self.eventId = eventId
        self.eid = eid
        self.rspServerAddress = rspServerAddress
        self.registeredBy = registeredBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// Two registrations say the same thing when they name the same eUICC, server and requester
    /// (their timestamps differ by construction).
    public func registersSameEvent(as other: EventRecord) -> Bool {
        eventId == other.eventId && eid == other.eid && rspServerAddress == other.rspServerAddress
            && registeredBy == other.registeredBy
    }
}

/// Where an ES11 session stands (SGP.22 §5.8: InitiateAuthentication, then one AuthenticateClient).
public enum SMDSSessionState: String, Hashable, Sendable, Codable, CaseIterable {
    /// InitiateAuthentication answered; waiting for AuthenticateClient.
    case initiated
    /// AuthenticateClient succeeded: the session is used up.
    case authenticated
    /// A check failed: the session is over.
    case failed
}

/// The SM-DS's memory of one ES11 session (SGP.22 §5.8.1–§5.8.2). Holds no secret.
public struct SMDSSessionRecord: Hashable, Sendable {
    public var transactionId: TransactionID
    public var state: SMDSSessionState
    public var euiccChallenge: [UInt8]
    public var serverChallenge: [UInt8]
    /// SubjectKeyIdentifier of the CI chosen in InitiateAuthentication (euiccCiPKIdToBeUsed).
    public var ciPKId: [UInt8]
    /// The eUICC's SVN from EUICCInfo1.
    public var euiccSVN: [UInt8]
    /// The authenticated eUICC, once AuthenticateClient succeeded.
    public var eid: EID?
    public var createdAt: Date
    public var expiresAt: Date
    /// The SGP.22 version InitiateAuthentication agreed on (`VersionNegotiation`); nil for a
    /// session stored before negotiation existed (it ran at `euiccSVN`, a v2 version).
    public var negotiatedVersion: SpecificationVersion?
    /// The features agreed with it; nil: those of `negotiatedVersion` (or of v2 when both are nil).
    public var negotiatedFeatures: RSPFeatures?

    public init(
        transactionId: TransactionID, state: SMDSSessionState, euiccChallenge: [UInt8], serverChallenge: [UInt8],
        ciPKId: [UInt8], euiccSVN: [UInt8], eid: EID? = nil, createdAt: Date, expiresAt: Date,
        negotiatedVersion: SpecificationVersion? = nil, negotiatedFeatures: RSPFeatures? = nil
    ) {
        self.transactionId = transactionId
        self.state = state
        self.euiccChallenge = euiccChallenge
        self.serverChallenge = serverChallenge
        self.ciPKId = ciPKId
        self.euiccSVN = euiccSVN
        self.eid = eid
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.negotiatedVersion = negotiatedVersion
        self.negotiatedFeatures = negotiatedFeatures
    }
}
