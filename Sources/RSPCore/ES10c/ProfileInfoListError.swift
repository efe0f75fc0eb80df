import SwiftASN1

/// ES10c.GetProfilesInfo (SGP.22 §5.7.15): why the eUICC could not list its profiles.
///
/// ```asn1
/// ProfileInfoListError ::= INTEGER {incorrectInputValues(1), undefinedError(127)}
/// ```
public struct ProfileInfoListError: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let incorrectInputValues = Self(rawValue: 1)
    public static let undefinedError = Self(rawValue: 127)
    public static let names: [Int: String] = [1: "incorrectInputValues", 127: "undefinedError"]
}
