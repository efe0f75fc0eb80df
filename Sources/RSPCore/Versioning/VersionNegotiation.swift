/// How a device and a server that support several SGP.22 versions agree on one (OpenRSP's
/// required improvement 2: version negotiation).
///
/// The device offers its range in EUICCInfo1 (`svn` = lowest, read by every server; `highestSvn`
/// and its feature list in fields only newer servers read). The server picks **v = the highest
/// version in both ranges**. When v is above the device's lowest version it names v and its own
/// feature list inside serverSigned1 (`sessionContext`), which the eUICC verifies with the
/// server's signature; when v is the device's lowest it names nothing, which tells the device to
/// use only that version's features — exactly what a v2 server does. Ranges that do not meet are
/// refused with 8.8.3/3.1.
public enum VersionNegotiation {
    /// The version a session runs at and the features both sides may use in it.
    public struct Agreement: Hashable, Sendable, CustomStringConvertible {
        public var version: SpecificationVersion
        public var features: RSPFeatures
        /// Whether the server named the version in serverSigned1 (v above the device's lowest).
        public var announced: Bool

        public init(version: SpecificationVersion, features: RSPFeatures, announced: Bool) {
            self.version = version
            self.features = features
            self.announced = announced
        }

        public var description: String { "\(version) [\(features)]\(announced ? " (signed by the server)" : "")" }
    }

    /// The server's choice, or nil when the ranges do not meet (answer 8.8.3/3.1, `StatusCode.unsupportedSVN`).
    ///
    /// - Parameters:
    ///   - deviceFeatures: what the device listed; nil for a device that sent no list (a v2 device):
    ///     then the version's own features.
    public static func negotiate(
        device: VersionRange, deviceFeatures: RSPFeatures?, server: VersionRange, serverFeatures: RSPFeatures
    ) -> Agreement? {
        let version = min(device.highest, server.highest)
        guard version >= device.lowest, version >= server.lowest else { return nil }
        let features = version.features.intersection(serverFeatures).intersection(deviceFeatures ?? version.features)
        return Agreement(version: version, features: features, announced: version > device.lowest)
    }

    /// Why the device refuses a server's answer.
    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        /// The server named a version outside the device's range, or its lowest one (which a
        /// conforming server omits): the device never offered it as a negotiated version.
        case versionNotOffered(SpecificationVersion, offered: VersionRange)

        public var description: String {
            switch self {
            case .versionNotOffered(let version, let offered):
                "the server chose version \(version), which this device did not offer (it supports \(offered))"
            }
        }
    }

    /// The device's side: what the (verified) serverSigned1 says. No server version → the device's
    /// lowest version with its features; a server version → that version, if the device offered it.
    public static func accept(
        serverVersion: SpecificationVersion?, serverFeatures: RSPFeatures?, device: VersionRange, deviceFeatures: RSPFeatures
    ) throws(Refusal) -> Agreement {
        guard let serverVersion else {
            return Agreement(
                version: device.lowest, features: device.lowest.features.intersection(deviceFeatures), announced: false)
        }
        guard serverVersion > device.lowest, serverVersion <= device.highest else {
            throw .versionNotOffered(serverVersion, offered: device)
        }
        let features = serverVersion.features.intersection(deviceFeatures).intersection(serverFeatures ?? serverVersion.features)
        return Agreement(version: serverVersion, features: features, announced: true)
    }
}
