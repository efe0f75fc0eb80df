import Foundation
import RSPCore
import RSPCrypto
import X509

/// Everything an SM-DS needs to run ES11 and ES12 (SGP.22 §5.8, §5.9): who it is, whom it trusts,
/// its limits, and the clock and randomness it uses (injected, so tests control time and sessions).
public struct SMDSConfiguration: Sendable {
    /// The SM-DS address (FQDN[:port]) the eUICC signs in euiccSigned1 and the LPA calls (§5.8.1).
    public var address: String
    /// CERT.DSauth.ECDSA and its key: signs serverSigned1 (§5.8.1).
    public var dsAuth: RSPIdentity
    /// The GSMA CI certificates this SM-DS accepts eUICC chains from.
    public var trustedCIs: [Certificate]
    /// How long an ES11 session may last from InitiateAuthentication on.
    public var sessionLifetime: TimeInterval
    /// How long a registered event is offered to the eUICC unless deleted earlier.
    public var eventLifetime: TimeInterval
    /// The SGP.22 versions this SM-DS runs (`VersionNegotiation`); default: 2.2.2 only.
    public var supportedVersions: VersionRange
    /// The functions it offers eUICCs; nil: those of its highest version (`offeredFeatures`).
    public var features: RSPFeatures?
    public var now: @Sendable () -> Date
    /// Returns `count` random bytes: transaction ids and server challenges.
    public var random: @Sendable (Int) -> [UInt8]

    public static let defaultEventLifetime: TimeInterval = 30 * 24 * 3600

    public init(
        address: String,
        dsAuth: RSPIdentity,
        trustedCIs: [Certificate],
        sessionLifetime: TimeInterval = 600,
        eventLifetime: TimeInterval = SMDSConfiguration.defaultEventLifetime,
        supportedVersions: VersionRange = .openRSPDefault,
        features: RSPFeatures? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable (Int) -> [UInt8] = SMDSConfiguration.systemRandom
    ) throws(SMDSConfigurationError) {
        guard !address.isEmpty else { throw .invalid("the SM-DS address is empty") }
        guard !trustedCIs.isEmpty else { throw .invalid("no trusted CI certificate") }
        guard sessionLifetime > 0 else { throw .invalid("session lifetime must be positive") }
        guard eventLifetime > 0 else { throw .invalid("event lifetime must be positive") }
        if let features, !supportedVersions.undefined(features).isEmpty {
            throw .invalid("features \(supportedVersions.undefined(features)) are not in SGP.22 \(supportedVersions)")
        }
        self.address = address
        self.dsAuth = dsAuth
        self.trustedCIs = trustedCIs
        self.sessionLifetime = sessionLifetime
        self.eventLifetime = eventLifetime
        self.supportedVersions = supportedVersions
        self.features = features
        self.now = now
        self.random = random
    }

    /// The feature list this SM-DS offers in negotiation: `features`, or its highest version's.
    public var offeredFeatures: RSPFeatures { supportedVersions.offeredFeatures(features) }

    /// Random bytes from the operating system's CSPRNG.
    public static let systemRandom: @Sendable (Int) -> [UInt8] = SecureRandom.bytes
}

/// A configuration the SM-DS cannot run with.
public enum SMDSConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let why): "invalid SM-DS configuration: \(why)"
        }
    }
}
