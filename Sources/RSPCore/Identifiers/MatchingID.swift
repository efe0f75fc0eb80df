/// A MatchingID (SGP.22 §4.1.1): the AC_Token of an activation code, or an SM-DS EventID.
///
/// It travels in `ctxParamsForCommonAuthentication.matchingId` (UTF8String) and in the
/// activation code, where '$' is the field separator; SGP.22 restricts it to upper-case
/// letters, digits and '-' (we also accept lower case and '_' and '.', which real
/// deployments use, but never '$' or control characters). At most 255 characters.
public struct MatchingID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) throws {
        guard !value.isEmpty, value.utf8.count <= 255 else {
            throw IdentifierError.invalidMatchingID("a matchingId has 1 to 255 characters")
        }
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw IdentifierError.invalidMatchingID("matchingId may contain only letters, digits, '-', '_' and '.': \(value)")
        }
        self.value = value
    }

    public var description: String { value }
}
