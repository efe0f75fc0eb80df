/// `VersionType ::= OCTET STRING(SIZE(3))` (SGP.22 §5.7.1): major/minor/revision as three
/// binary bytes, e.g. '02 02 02' for v2.2.2. Used for the SVN the eUICC and the server
/// negotiate, and for the firmware and profile package versions in EUICCInfo2.
public struct SpecificationVersion: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let major: UInt8
    public let minor: UInt8
    public let revision: UInt8

    public init(_ major: UInt8, _ minor: UInt8, _ revision: UInt8) {
        self.major = major
        self.minor = minor
        self.revision = revision
    }

    public init(_ octets: OctetString) throws {
        guard octets.count == 3 else {
            throw IdentifierError.invalidVersion("a VersionType has 3 bytes, got \(octets.count)")
        }
        self.init(octets.bytes[0], octets.bytes[1], octets.bytes[2])
    }

    /// Parses "2.2.2" (or "v2.2.2").
    public init(parsing text: String) throws {
        let body = text.hasPrefix("v") ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        guard parts.count == 3, let major = parts[0], let minor = parts[1], let revision = parts[2] else {
            throw IdentifierError.invalidVersion("a version is three numbers 0-255 separated by '.': \(text)")
        }
        self.init(major, minor, revision)
    }

    public var octetString: OctetString { [major, minor, revision] }
    public var description: String { "\(major).\(minor).\(revision)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.revision) < (rhs.major, rhs.minor, rhs.revision)
    }

    /// The version of SGP.22 whose wire format OpenRSP speaks.
    public static let sgp22v2_2_2 = SpecificationVersion(2, 2, 2)

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
