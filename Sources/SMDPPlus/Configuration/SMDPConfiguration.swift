import Foundation
import RSPCore
import RSPCrypto
import SwiftASN1
import X509

/// Everything an SM-DP+ needs to run ES9+ (SGP.22 §5.6): who it is, whom it trusts, its limits,
/// and the clock and randomness it uses (injected, so tests control time and sessions).
public struct SMDPConfiguration: Sendable {
    /// The SM-DP+ address (FQDN) the eUICC signs in euiccSigned1 and the LPA calls (§5.6.1).
    public var address: String
    /// CERT.DPauth.ECDSA and its key: signs serverSigned1 (§5.6.1).
    public var dpAuth: RSPIdentity
    /// CERT.DPpb.ECDSA and its key: signs smdpSigned2 and InitialiseSecureChannel (§5.6.2, §5.6.3).
    public var dpPb: RSPIdentity
    /// The GSMA CI certificates this SM-DP+ accepts eUICC chains from.
    public var trustedCIs: [Certificate]
    /// The SM-DP+ OID (§4.5.2.1.0.4: subjectAltName registeredID of CERT.DPauth.ECDSA).
    public var smdpOID: ASN1ObjectIdentifier
    /// How long an RSP session may last from InitiateAuthentication on.
    public var sessionLifetime: TimeInterval
    /// How long a session that delivered its BPP is kept past its lifetime, for its installation
    /// result: the LPA delivers it when the device is next online and again until acknowledged
    /// (§3.5). `purgeExpiredSessions` removes it after that; the others go at their lifetime's end.
    public var deliveredSessionRetention: TimeInterval
    /// 30 days: SGP.22 sets no bound; a month covers a device kept offline for weeks.
    public static let defaultDeliveredSessionRetention: TimeInterval = 30 * 86_400
    /// How long ES2+ function-call records (an operator's retry with the same
    /// functionCallIdentifier gets the first answer) and delivered progress callbacks are kept;
    /// `purgeHistory` removes them after that.
    public var historyRetention: TimeInterval
    /// 30 days: far beyond any retry of an ES2+ call, and time to look into a delivery.
    public static let defaultHistoryRetention: TimeInterval = 30 * 86_400
    /// How long an ES2+ order (DownloadOrder) may wait for its download before it expires
    /// (§5.3.1; `expireOrders()` ends it, ES9+ refuses it with 8.8.5/4.10); nil: it never expires.
    public var orderLifetime: TimeInterval?
    /// Wrong confirmation codes tolerated per order before it is refused for good (§3.1.3.4).
    public var confirmationCodeAttempts: Int
    /// hostId of the key agreement CRT (§5.5.1), 1…16 bytes; also part of the KDF SharedInfo.
    public var hostId: [UInt8]
    /// Plaintext bytes per BSP segment of the BPP (§2.5.3).
    public var bppSegmentSize: Int
    /// The SGP.22 versions this SM-DP+ runs (`VersionNegotiation`); default: 2.2.2 only.
    public var supportedVersions: VersionRange
    /// The functions it offers eUICCs; nil: those of its highest version (`offeredFeatures`).
    public var features: RSPFeatures?
    public var now: @Sendable () -> Date
    /// Returns `count` random bytes: transaction ids, challenges, PPKs, matching ids.
    public var random: @Sendable (Int) -> [UInt8]

    /// - Parameter smdpOID: defaults to the first subjectAltName registeredID of `dpAuth`.
    public init(
        address: String,
        dpAuth: RSPIdentity,
        dpPb: RSPIdentity,
        trustedCIs: [Certificate],
        smdpOID: ASN1ObjectIdentifier? = nil,
        sessionLifetime: TimeInterval = 600,
        deliveredSessionRetention: TimeInterval = defaultDeliveredSessionRetention,
        historyRetention: TimeInterval = defaultHistoryRetention,
        orderLifetime: TimeInterval? = nil,
        confirmationCodeAttempts: Int = 3,
        hostId: [UInt8] = Array("OpenRSP".utf8),
        bppSegmentSize: Int = BSPConstants.maxPlaintextPerSegment,
        supportedVersions: VersionRange = .openRSPDefault,
        features: RSPFeatures? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable (Int) -> [UInt8] = SMDPConfiguration.systemRandom
    ) throws(SMDPConfigurationError) {
        guard !address.isEmpty else { throw .invalid("the SM-DP+ address is empty") }
        guard !trustedCIs.isEmpty else { throw .invalid("no trusted CI certificate") }
        guard (1...16).contains(hostId.count) else { throw .invalid("hostId has \(hostId.count) bytes, expected 1...16") }
        guard bppSegmentSize > 0, bppSegmentSize <= BSPConstants.maxPlaintextPerSegment else {
            throw .invalid("BPP segment size \(bppSegmentSize) outside 1...\(BSPConstants.maxPlaintextPerSegment)")
        }
        guard confirmationCodeAttempts > 0 else { throw .invalid("confirmation code attempts must be positive") }
        guard sessionLifetime > 0 else { throw .invalid("session lifetime must be positive") }
        guard deliveredSessionRetention >= 0 else { throw .invalid("delivered session retention must not be negative") }
        guard historyRetention >= 0 else { throw .invalid("history retention must not be negative") }
        if let orderLifetime, !(orderLifetime > 0) { throw .invalid("order lifetime must be positive") }
        if let features {
            guard features.contains(.profileDownload) else {
                throw .invalid("the feature list \(features) lacks profileDownload, the SM-DP+'s one operation")
            }
            guard supportedVersions.undefined(features).isEmpty else {
                throw .invalid("features \(supportedVersions.undefined(features)) are not in SGP.22 \(supportedVersions)")
            }
        }
        let oid: ASN1ObjectIdentifier
        if let smdpOID {
            oid = smdpOID
        } else {
            let found: [ASN1ObjectIdentifier]
            do { found = try dpAuth.certificate.subjectAltNameRegisteredIDs() } catch {
                throw .invalid("CERT.DPauth.ECDSA subjectAltName cannot be read: \(error)")
            }
            guard let first = found.first else {
                throw .invalid("CERT.DPauth.ECDSA has no subjectAltName registeredID: configure the SM-DP+ OID")
            }
            oid = first
        }
        self.address = address
        self.dpAuth = dpAuth
        self.dpPb = dpPb
        self.trustedCIs = trustedCIs
        self.smdpOID = oid
        self.sessionLifetime = sessionLifetime
        self.deliveredSessionRetention = deliveredSessionRetention
        self.historyRetention = historyRetention
        self.orderLifetime = orderLifetime
        self.confirmationCodeAttempts = confirmationCodeAttempts
        self.hostId = hostId
        self.bppSegmentSize = bppSegmentSize
        self.supportedVersions = supportedVersions
        self.features = features
        self.now = now
        self.random = random
    }

    /// The feature list this SM-DP+ offers in negotiation: `features`, or its highest version's.
    public var offeredFeatures: RSPFeatures { supportedVersions.offeredFeatures(features) }

    /// Random bytes from the operating system's CSPRNG.
    public static let systemRandom: @Sendable (Int) -> [UInt8] = SecureRandom.bytes
}

/// A configuration the SM-DP+ cannot run with.
public enum SMDPConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let why): "invalid SM-DP+ configuration: \(why)"
        }
    }
}
