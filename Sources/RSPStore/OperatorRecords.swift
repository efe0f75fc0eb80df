import Foundation

/// An operator (profile owner, SGP.22 §2.1 "Operator") allowed to call ES2+ on this SM-DP+.
///
/// It is authenticated by one TLS client certificate (mutual TLS): `certificateFingerprint` is
/// SHA-256 of that certificate's DER. It acts only on profiles it owns: those whose profileOwner
/// (MCC-MNC, `ProfileRecord.owner`) is one of its `poIds`, and — when `profileTypes` is not
/// empty — only of those profile types.
public struct OperatorRecord: Hashable, Sendable {
    /// The name it calls itself in ES2+ headers (functionRequesterIdentifier). Unique.
    public var name: String
    /// Profile-owner identifiers, e.g. "001-01" (MCC-MNC as `OperatorID` prints it).
    public var poIds: [String]
    /// The profile types it may order; empty means any type it owns.
    public var profileTypes: [String]
    /// SHA-256 of its TLS client certificate (DER). Unique.
    public var certificateFingerprint: [UInt8]
    /// Where HandleDownloadProgressInfo is POSTed (https://host:port[/path]); nil: no callbacks.
    public var callbackURL: String?
    public var createdAt: Date

    public init(name: String, poIds: [String], profileTypes: [String], certificateFingerprint: [UInt8],
                callbackURL: String?, createdAt: Date) {
        self.name = name
        self.poIds = poIds
        self.profileTypes = profileTypes
        self.certificateFingerprint = certificateFingerprint
        self.callbackURL = callbackURL
        self.createdAt = createdAt
    }
}

/// The first outcome of one ES2+ call, kept so that a retry with the same functionCallIdentifier
/// gets the same answer without acting twice.
public struct FunctionCallRecord: Hashable, Sendable {
    /// The operator name (functionRequesterIdentifier of the authenticated caller).
    public var requester: String
    /// The ES2+ function name, e.g. "confirmOrder": identifiers are scoped per function.
    public var function: String
    public var callId: String
    /// SHA-256 of the canonical request, to recognise a reused identifier with another request.
    public var requestHash: [UInt8]
    /// The outcome as the SM-DP+ domain encoded it (opaque to the store).
    public var outcome: [UInt8]
    public var createdAt: Date

    public init(requester: String, function: String, callId: String, requestHash: [UInt8], outcome: [UInt8], createdAt: Date) {
        self.requester = requester
        self.function = function
        self.callId = callId
        self.requestHash = requestHash
        self.outcome = outcome
        self.createdAt = createdAt
    }
}

/// One HandleDownloadProgressInfo call waiting in the persisted outbox (or delivered).
public struct CallbackRecord: Hashable, Sendable {
    /// Assigned by the store (increasing): the delivery order. 0 before the record is stored.
    public var id: Int64
    public var operatorName: String
    public var url: String
    /// The request body as the SM-DP+ domain encoded it (opaque to the store).
    public var body: [UInt8]
    public var createdAt: Date
    /// Not before this time (back-off after a failed attempt).
    public var nextAttemptAt: Date
    public var attempts: Int
    public var lastError: String?
    public var deliveredAt: Date?

    public init(id: Int64 = 0, operatorName: String, url: String, body: [UInt8], createdAt: Date, nextAttemptAt: Date,
                attempts: Int = 0, lastError: String? = nil, deliveredAt: Date? = nil) {
        self.id = id
        self.operatorName = operatorName
        self.url = url
        self.body = body
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}
