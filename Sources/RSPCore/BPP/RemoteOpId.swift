import SwiftASN1

/// ES8+.InitialiseSecureChannel (SGP.22 §5.5.1): the remote operation type.
///
/// ```asn1
/// RemoteOpId ::= [2] INTEGER {installBoundProfilePackage(1)}
/// ```
/// The type itself carries the tag [2] ('82').
public struct RemoteOpId: NamedInteger {
    public static var defaultIdentifier: ASN1Identifier { .context(2) }

    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let installBoundProfilePackage = RemoteOpId(rawValue: 1)

    public static let names: [Int: String] = [1: "installBoundProfilePackage"]
}
