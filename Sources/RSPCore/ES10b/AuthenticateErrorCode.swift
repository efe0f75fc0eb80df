import SwiftASN1

/// ES10b.AuthenticateServer (SGP.22 §5.7.13): why the eUICC refused the server.
///
/// ```asn1
/// AuthenticateErrorCode ::= INTEGER {invalidCertificate(1), invalidSignature(2), unsupportedCurve(3), noSessionContext(4), invalidOid(5), euiccChallengeMismatch(6), ciPKUnknown(7), undefinedError(127)}
/// ```
public struct AuthenticateErrorCode: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let invalidCertificate = AuthenticateErrorCode(rawValue: 1)
    public static let invalidSignature = AuthenticateErrorCode(rawValue: 2)
    public static let unsupportedCurve = AuthenticateErrorCode(rawValue: 3)
    public static let noSessionContext = AuthenticateErrorCode(rawValue: 4)
    public static let invalidOid = AuthenticateErrorCode(rawValue: 5)
    public static let euiccChallengeMismatch = AuthenticateErrorCode(rawValue: 6)
    public static let ciPKUnknown = AuthenticateErrorCode(rawValue: 7)
    public static let undefinedError = AuthenticateErrorCode(rawValue: 127)

    public static let names: [Int: String] = [
        1: "invalidCertificate", 2: "invalidSignature", 3: "unsupportedCurve", 4: "noSessionContext",
        5: "invalidOid", 6: "euiccChallengeMismatch", 7: "ciPKUnknown", 127: "undefinedError",
    ]
}
