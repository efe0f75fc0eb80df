import Foundation

/// A feature list: the RSP functions a party supports, as a bitmap (bit n = feature n) carried in
/// a BIT STRING, and as text ("profileDownload,rpm,deviceChange") for configuration and logs.
///
/// SGP.22 has no such list; it lets a device and a server that share several specification
/// versions agree on the functions they will use (see `VersionNegotiation`). Unknown bits from a
/// newer peer are ignored.
public struct RSPFeatures: OptionSet, Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Profile download (SGP.22 v2 §3.1): every version has it.
    public static let profileDownload = RSPFeatures(rawValue: 1 << 0)
    /// Remote profile management by the profile owner (SGP.22 v3 RPM).
    public static let rpm = RSPFeatures(rawValue: 1 << 1)
    /// Moving profiles to another device (SGP.22 v3 device change).
    public static let deviceChange = RSPFeatures(rawValue: 1 << 2)

    /// Names in bit order: the text form and the BIT STRING bit numbers.
    public static let named: [(feature: RSPFeatures, name: String)] = [
        (.profileDownload, "profileDownload"), (.rpm, "rpm"), (.deviceChange, "deviceChange"),
    ]

    /// Parses "profileDownload,rpm" (names as in `named`, any order, spaces allowed).
    public init(parsing text: String) throws {
        var features = RSPFeatures()
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let feature = Self.named.first(where: { $0.name == name })?.feature else {
                throw IdentifierError.invalidVersion(
                    "unknown feature \(name); known: \(Self.named.map(\.name).joined(separator: ", "))")
            }
            features.insert(feature)
        }
        self = features
    }

    public var description: String {
        Self.named.filter { contains($0.feature) }.map(\.name).joined(separator: ",")
    }

    /// The BIT STRING form: bit n set for feature n (DER: trailing zero bits removed).
    public var bitString: BitString {
        BitString(bits: (0..<32).filter { rawValue & (1 << UInt32($0)) != 0 })
    }

    /// From a peer's BIT STRING; bits beyond those this build knows are dropped.
    public init(bitString: BitString) {
        var value: UInt32 = 0
        for bit in bitString.setBits where bit < 32 { value |= 1 << UInt32(bit) }
        self.init(rawValue: value & Self.all.rawValue)
    }

    public static let all: RSPFeatures = named.reduce(into: RSPFeatures()) { $0.insert($1.feature) }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
