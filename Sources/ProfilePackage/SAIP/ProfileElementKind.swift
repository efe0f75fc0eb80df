/// The alternatives of SAIP's `ProfileElement ::= CHOICE {...}` (TCA eUICC Profile Package
/// 3.3.1, AUTOMATIC TAGS): the context tag number of a top-level element names its kind.
public enum ProfileElementKind {
    /// Names in tag order ([0] header, [1] genericFileManagement, …).
    public static let names: [String] = [
        "header", "genericFileManagement", "pinCodes", "pukCodes", "akaParameter", "cdmaParameter",
        "securityDomain", "rfm", "application", "nonStandard", "end",
        "rfu1", "rfu2", "rfu3", "rfu4", "rfu5",
        "mf", "cd", "telecom", "usim", "opt-usim", "isim", "opt-isim", "phonebook", "gsm-access",
        "csim", "opt-csim", "eap", "df-5gs", "df-saip", "df-snpn", "df-5gprose", "iot", "opt-iot",
    ]

    public static func name(forTag number: UInt) -> String {
        number < names.count ? names[Int(number)] : "unknown[\(number)]"
    }
}
