/// ES2+.CancelOrder input (SGP.22 §5.3.3). EID and matchingId, when given, must match the order.
public struct CancelOrderRequest: Hashable, Sendable, Encodable {
    /// What becomes of the profile once its order is cancelled.
    public enum FinalProfileStatus: String, Hashable, Sendable, Codable, CaseIterable {
        /// It can be ordered again.
        case available = "Available"
        /// It is withdrawn for good.
        case unavailable = "Unavailable"
    }

    public var iccid: ICCID
    public var eid: EID?
    public var matchingId: String?
    public var finalProfileStatusIndicator: FinalProfileStatus

    public init(iccid: ICCID, eid: EID? = nil, matchingId: String? = nil, finalProfileStatusIndicator: FinalProfileStatus) {
        self.iccid = iccid
        self.eid = eid
        self.matchingId = matchingId
        self.finalProfileStatusIndicator = finalProfileStatusIndicator
    }
}

/// ES2+.ReleaseProfile input (SGP.22 §5.3.4).
public struct ReleaseProfileRequest: Hashable, Sendable, Encodable {
    public var iccid: ICCID

    public init(iccid: ICCID) { self.iccid = iccid }
}
