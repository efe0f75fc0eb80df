import SwiftASN1

/// ES10b.CancelSession (SGP.22 §5.7.14): why the LPA cancels the download session.
///
/// ```asn1
/// CancelSessionReason ::= INTEGER {endUserRejection(0), postponed(1), timeout(2), pprNotAllowed(3)}
/// ```
public struct CancelSessionReason: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let endUserRejection = CancelSessionReason(rawValue: 0)
    public static let postponed = CancelSessionReason(rawValue: 1)
    public static let timeout = CancelSessionReason(rawValue: 2)
    public static let pprNotAllowed = CancelSessionReason(rawValue: 3)

    public static let names: [Int: String] = [0: "endUserRejection", 1: "postponed", 2: "timeout", 3: "pprNotAllowed"]
}
