import SwiftASN1

/// ES10c.GetProfilesInfo (SGP.22 §5.7.15): state of a profile on the eUICC.
///
/// ```asn1
/// ProfileState ::= INTEGER {disabled(0), enabled(1)}
/// ```
public struct ProfileState: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let disabled = ProfileState(rawValue: 0)
    public static let enabled = ProfileState(rawValue: 1)

    public static let names: [Int: String] = [0: "disabled", 1: "enabled"]
}
