/// Class bytes for a logical channel (ISO/IEC 7816-4 §5.4.1, ETSI TS 102 221 §10.1.1).
///
/// Channels 0–3 are coded in b2–b1 of the "first interindustry" class ('0X'); channels 4–19
/// in b4–b1 of the "further interindustry" class ('4X') as channel − 4. The GlobalPlatform
/// proprietary class used by STORE DATA sets b8 on top ('8X' / 'CX').
enum LogicalChannel {
    /// Interindustry class (SELECT, MANAGE CHANNEL, GET RESPONSE).
    static func interindustryClass(channel: UInt8) -> UInt8 {
        channel < 4 ? channel : 0x40 | ((channel &- 4) & 0x0F)
    }

    /// Proprietary (GlobalPlatform) class, e.g. '80'|channel for STORE DATA (SGP.22 §5.7.2).
    static func proprietaryClass(channel: UInt8) -> UInt8 {
        0x80 | interindustryClass(channel: channel)
    }

    /// The channels ISO/IEC 7816-4 can address.
    static let range: ClosedRange<UInt8> = 0...19
}
