import RSPCore

/// The `resetOptions` of ES10c.eUICCMemoryReset (SGP.22 §5.7.19):
/// `BIT STRING {deleteOperationalProfiles(0), deleteFieldLoadedTestProfiles(1), resetDefaultSmdpAddress(2)}`.
public struct MemoryResetOptions: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let deleteOperationalProfiles = MemoryResetOptions(rawValue: 1 << 0)
    public static let deleteFieldLoadedTestProfiles = MemoryResetOptions(rawValue: 1 << 1)
    public static let resetDefaultSmdpAddress = MemoryResetOptions(rawValue: 1 << 2)

    /// The named bits, as the DER BIT STRING.
    public var bitString: BitString {
        BitString(bits: (0..<3).filter { rawValue & (1 << $0) != 0 })
    }
}
