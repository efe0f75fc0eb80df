/// ES2+.DownloadOrder input (SGP.22 §5.3.1): a profile chosen by ICCID, else by profile type
/// (one of the two is required), and optionally the EID it is for.
public struct DownloadOrderRequest: Hashable, Sendable, Encodable {
    public var eid: EID?
    public var iccid: ICCID?
    public var profileType: String?

    public init(eid: EID? = nil, iccid: ICCID? = nil, profileType: String? = nil) {
        self.eid = eid
        self.iccid = iccid
        self.profileType = profileType
    }
}

/// ES2+.DownloadOrder output: the ICCID of the reserved profile.
public struct DownloadOrderResponse: Hashable, Sendable, Encodable {
    public var iccid: ICCID

    public init(iccid: ICCID) { self.iccid = iccid }
}
