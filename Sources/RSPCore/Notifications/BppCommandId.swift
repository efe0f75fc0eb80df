import SwiftASN1

/// ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6): which BPP command failed, in ErrorResult.
///
/// ```asn1
/// BppCommandId ::= INTEGER {initialiseSecureChannel(0), configureISDP(1), storeMetadata(2), storeMetadata2(3), replaceSessionKeys(4), loadProfileElements(5)}
/// ```
public struct BppCommandId: NamedInteger {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let initialiseSecureChannel = BppCommandId(rawValue: 0)
    public static let configureISDP = BppCommandId(rawValue: 1)
    public static let storeMetadata = BppCommandId(rawValue: 2)
    public static let storeMetadata2 = BppCommandId(rawValue: 3)
    public static let replaceSessionKeys = BppCommandId(rawValue: 4)
    public static let loadProfileElements = BppCommandId(rawValue: 5)

    public static let names: [Int: String] = [
        0: "initialiseSecureChannel", 1: "configureISDP", 2: "storeMetadata", 3: "storeMetadata2",
        4: "replaceSessionKeys", 5: "loadProfileElements",
    ]
}
