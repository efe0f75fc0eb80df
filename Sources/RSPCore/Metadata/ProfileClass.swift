import SwiftASN1

/// ES8+.StoreMetadata (SGP.22 §5.5.3): class of a profile (test, provisioning, operational).
///
/// ```asn1
/// ProfileClass ::= INTEGER {test(0), provisioning(1), operational(2)}
/// ```
/// When `profileClass` is absent from the metadata the profile is `operational`.
public struct ProfileClass: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let test = ProfileClass(rawValue: 0)
    public static let provisioning = ProfileClass(rawValue: 1)
    public static let operational = ProfileClass(rawValue: 2)

    public static let names: [Int: String] = [0: "test", 1: "provisioning", 2: "operational"]
}
