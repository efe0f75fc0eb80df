import RSPCore

/// ES2+.ConfirmOrder request body (SGP.22 §6.5.2.2, function §5.3.2).
///
/// ```json
/// {"header": {…}, "iccid": "…", "eid": "…", "matchingId": "…", "confirmationCode": "…",
///  "smdsAddress": "…", "rootSmdsAddress": "…", "releaseFlag": true}
/// ```
/// `iccid` and `releaseFlag` are mandatory; the others optional. `matchingId`,
/// `confirmationCode` and the SM-DS addresses are passed on as given: what they may contain is
/// the SM-DP+'s decision (it generates a matchingId when none is given).
public struct ConfirmOrderRequestBody: ES2PlusRequestBody, Hashable {
    public var header: ES2PlusRequestHeader?
    public var iccid: String?
    public var eid: String?
    public var matchingId: String?
    public var confirmationCode: String?
    public var smdsAddress: String?
    public var rootSmdsAddress: String?
    public var releaseFlag: Bool?

    public init(
        header: ES2PlusRequestHeader?, iccid: String?, eid: String? = nil, matchingId: String? = nil,
        confirmationCode: String? = nil, smdsAddress: String? = nil, rootSmdsAddress: String? = nil, releaseFlag: Bool?
    ) {
        self.header = header
        self.iccid = iccid
        self.eid = eid
        self.matchingId = matchingId
        self.confirmationCode = confirmationCode
        self.smdsAddress = smdsAddress
        self.rootSmdsAddress = rootSmdsAddress
        self.releaseFlag = releaseFlag
    }

    public init(_ request: ConfirmOrderRequest, header: ES2PlusRequestHeader) {
        self.init(
            header: header, iccid: request.iccid.paddedDigits, eid: request.eid?.digits, matchingId: request.matchingId,
            confirmationCode: request.confirmationCode, smdsAddress: request.smdsAddress,
            rootSmdsAddress: request.rootSmdsAddress, releaseFlag: request.releaseFlag)
    }

    /// A missing `iccid` or `releaseFlag` → 1.1/2.2; an invalid ICCID → 8.2.1/2.1; an invalid EID → 8.1.1/2.1.
    public func message() throws(StatusCode) -> ConfirmOrderRequest {
        let iccid = try JSONField.iccid(iccid)
        guard let releaseFlag else {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: releaseFlag")
        }
        return ConfirmOrderRequest(
            iccid: iccid, eid: try JSONField.optionalEID(eid), matchingId: matchingId, confirmationCode: confirmationCode,
            smdsAddress: smdsAddress, rootSmdsAddress: rootSmdsAddress, releaseFlag: releaseFlag)
    }
}
