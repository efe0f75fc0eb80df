import SwiftASN1

/// ES8+.StoreMetadata / ES10c.UpdateMetadata (SGP.22 §5.5.3, §2.4a): format of the profile icon.
///
/// ```asn1
/// IconType ::= INTEGER {jpg(0), png(1)}
/// ```
public struct IconType: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let jpg = IconType(rawValue: 0)
    public static let png = IconType(rawValue: 1)

    public static let names: [Int: String] = [0: "jpg", 1: "png"]
}
