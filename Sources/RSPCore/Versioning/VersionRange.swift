/// The specification versions a party supports: every version from `lowest` to `highest`.
public struct VersionRange: Hashable, Sendable, CustomStringConvertible, Codable {
    public let lowest: SpecificationVersion
    public let highest: SpecificationVersion

    public init(lowest: SpecificationVersion, highest: SpecificationVersion) throws {
        guard lowest <= highest else {
            throw IdentifierError.invalidVersion("a version range goes from low to high: \(lowest)-\(highest)")
        }
        self.lowest = lowest
        self.highest = highest
    }

    /// One version only.
    public init(_ version: SpecificationVersion) {
        self.lowest = version
        self.highest = version
    }

    /// Parses "2.2.2-3.1.0" or "2.2.2".
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: self.init(try SpecificationVersion(parsing: parts[0]))
        case 2: try self.init(lowest: SpecificationVersion(parsing: parts[0]), highest: SpecificationVersion(parsing: parts[1]))
        default: throw IdentifierError.invalidVersion("a version range is LOW-HIGH or one version: \(text)")
        }
    }

    public func contains(_ version: SpecificationVersion) -> Bool { lowest <= version && version <= highest }

    /// The feature list a party with this range offers: the configured one, or all its highest version's.
    public func offeredFeatures(_ configured: RSPFeatures?) -> RSPFeatures { configured ?? highest.features }

    /// Features no version of the range defines (empty when `features` fit).
    public func undefined(_ features: RSPFeatures) -> RSPFeatures { features.subtracting(highest.features) }

    /// "2.2.2-3.1.0", or "2.2.2" for a single version.
    public var description: String { lowest == highest ? "\(lowest)" : "\(lowest)-\(highest)" }

    /// What OpenRSP's eUICC and servers support unless configured otherwise: the v2.2.2 wire format.
    public static let openRSPDefault = VersionRange(.sgp22v2_2_2)

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
