import RSPCore

extension JSONField {
    /// An ICCID field of ES2+ (SGP.22 §5.3): 18 to 20 digits, optionally padded with 'F'
    /// ("8949449999999990171F"). Not a digit string of that length → 8.2.1/2.1.
    ///
    /// The Luhn check digit is deliberately not checked: an ICCID only selects a profile in the
    /// SM-DP+'s inventory, so a mistyped one is already reported as unknown (8.2.1/3.9) by the
    /// domain, while test and lab inventories hold ICCIDs with wrong check digits that must stay
    /// orderable. This matches `HandleDownloadProgressInfoRequest`, which accepts them too.
    public static func iccid(_ value: String?, _ name: String = "iccid") throws(StatusCode) -> ICCID {
        let text = try required(value, name)
        guard let iccid = try? ICCID(digits: text, checkLuhn: false) else {
            throw StatusCode.iccidInvalid.with(message: "\(name) is not an ICCID of 18 to 20 digits")
        }
        return iccid
    }

    /// An EID field: 32 digits with valid check digits, else 8.1.1/2.1.
    public static func eid(_ value: String?, _ name: String = "eid") throws(StatusCode) -> EID {
        let text = try required(value, name)
        guard let eid = try? EID(digits: text) else {
            throw StatusCode.eidInvalid.with(message: "\(name) is not a valid EID (32 digits, check digits)")
        }
        return eid
    }

    /// An optional EID field: absent stays nil, present must be valid.
    static func optionalEID(_ value: String?, _ name: String = "eid") throws(StatusCode) -> EID? {
        guard let value else { return nil }
        return try eid(value, name)
    }
}
