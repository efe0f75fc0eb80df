import SwiftASN1

/// ES10b.LoadCRL (SGP.22 §5.7.12): why the eUICC refused the CRL.
///
/// ```asn1
/// LoadCRLResponseError ::= INTEGER {invalidSignature(1), invalidCRLFormat(2), notEnoughMemorySpace(3), verificationKeyNotFound(4), undefinedError(127)}
/// ```
public struct LoadCRLResponseError: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let invalidSignature = LoadCRLResponseError(rawValue: 1)
    public static let invalidCRLFormat = LoadCRLResponseError(rawValue: 2)
    public static let notEnoughMemorySpace = LoadCRLResponseError(rawValue: 3)
    public static let verificationKeyNotFound = LoadCRLResponseError(rawValue: 4)
    public static let undefinedError = LoadCRLResponseError(rawValue: 127)

    public static let names: [Int: String] = [
        1: "invalidSignature", 2: "invalidCRLFormat", 3: "notEnoughMemorySpace", 4: "verificationKeyNotFound",
        127: "undefinedError",
    ]
}
