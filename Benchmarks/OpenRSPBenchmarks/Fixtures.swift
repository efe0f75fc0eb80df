import Crypto
import EUICC
import Foundation
import LPA
import Logging
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import Synchronization
import X509

/// What the benchmarks work on, built once: a generated PKI, an SM-DP+ on the in-memory store, the
/// TS.48 profiles from ../shared/profiles, and the big messages of one real download (captured
/// between the LPA and the SM-DP+, in-process, no HTTP).
struct Fixtures: Sendable {
    let pki: RSPPKI
    let smdp: SMDPPlus
    /// TS.48 v5 SAIP 2.3 (12 163 B).
    let profile12K: [UInt8]
    /// ~100 KB of profile elements: eight different TS.48 profiles one after the other. Only bound
    /// (never installed): binding cost depends on the size, not on the elements.
    let profile100K: [UInt8]
    /// DER of the messages of one download.
    let authenticateServerResponse: [UInt8]
    let prepareDownloadResponse: [UInt8]
    let boundProfilePackage: [UInt8]

    static let smdpAddress = "localhost"

    /// Logs only what would stop a benchmark: the SM-DP+ and the LPA log every step at info.
    static let quiet: Logger = {
        var logger = Logger(label: "openrsp.benchmarks")
        logger.logLevel = .critical
        return logger
    }()

    /// The fixtures, built on first use and shared by every benchmark.
    static func shared() async throws -> Fixtures {
        if let fixtures = cache.withLock({ $0 }) { return fixtures }
        let fixtures = try await make()
        cache.withLock { $0 = fixtures }
        return fixtures
    }

    private static let cache = Mutex<Fixtures?>(nil)

    static func make() async throws -> Fixtures {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: smdpAddress))
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: smdpAddress, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate]),
            store: InMemorySMDPStore(), logger: quiet)
        let profile12K = try profile("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        var profile100K: [UInt8] = []
        for name in [
            "TS48V1-A-UNIQUE.der", "TS48V1-B-UNIQUE.der", "TS48V2-SAIP2-1-BERTLV-UNIQUE.der", "TS48V2-SAIP2-3-BERTLV-UNIQUE.der",
            "TS48V3-SAIP2-1-BERTLV-UNIQUE.der", "TS48V3-SAIP2-3-BERTLV-UNIQUE.der", "TS48V4-SAIP2-3-BERTLV-UNIQUE.der",
            "TS48V5-SAIP2-3-BERTLV-SUCI-UNIQUE.der",
        ] {
            profile100K += try profile(name)
        }

        // One real download, recording what travels between the LPA and the SM-DP+.
        let recorder = RecordingES9PlusService(base: smdp)
        let device = try await Device(pki: pki, server: recorder)
        _ = try await device.lpa.download(activationCode: try await order(smdp, upp: profile12K), confirmationCode: nil)
        let (authenticateServerResponse, prepareDownloadResponse, boundProfilePackage) = recorder.messages.withLock { $0 }
        guard let authenticateServerResponse, let prepareDownloadResponse, let boundProfilePackage else {
            throw FixtureError("the recorded download is missing a message")
        }
        return Fixtures(
            pki: pki, smdp: smdp, profile12K: profile12K, profile100K: profile100K,
            authenticateServerResponse: try authenticateServerResponse.derEncoded(),
            prepareDownloadResponse: try prepareDownloadResponse.derEncoded(),
            boundProfilePackage: try boundProfilePackage.derEncoded())
    }

    /// Imports `upp` under a fresh ICCID and releases an order for it.
    static func order(_ smdp: SMDPPlus, upp: [UInt8]) async throws -> ActivationCode {
        let serial = String(nextICCID.add(1, ordering: .relaxed).newValue)
        let iccid = try ICCID(digits: "8999" + String(repeating: "0", count: max(0, 15 - serial.count)) + serial, checkLuhn: false)
        let record = try await smdp.importProfile(upp: try UnprotectedProfilePackage(der: upp).replacingHeaderICCID(with: iccid))
        return try await smdp.createOrder(iccid: record.iccid).1
    }

    private static let nextICCID = Atomic<Int>(Int(Date().timeIntervalSince1970) % 1_000_000 * 1_000_000)

    /// A TS.48 profile from ../shared/profiles, found from this source file or the working directory.
    static func profile(_ name: String) throws -> [UInt8] {
        let candidates = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/profiles"),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/profiles"),
        ]
        for directory in candidates {
            if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) { return Array(data) }
        }
        throw FixtureError("\(name) not found in ../shared/profiles")
    }
}

/// A software eUICC with its own certificate and an LPA that reaches `server` in-process.
struct Device {
    let lpa: LocalProfileAssistant

    init(pki: RSPPKI, server: any ES9PlusService) async throws {
        let identity = try RSPCertificateIssuer.issueEUICC(
            eid: try EID.random(prefix: "89049032"), issuer: pki.eum, notBefore: Date(timeIntervalSinceNow: -3600))
        let card = SoftwareEUICC(isdr: try ISDR(
            identity: try EUICCIdentity(euicc: identity, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)))
        _ = try await card.reset()
        lpa = LocalProfileAssistant(
            es10: ES10Client(transport: card, logger: Fixtures.quiet),
            deviceInfo: DeviceInfo(
                tac: [0x35, 0x29, 0x06, 0x11], deviceCapabilities: DeviceCapabilities(eutranSupportedRelease: [0x0F, 0x00, 0x00]),
                imei: nil),
            logger: Fixtures.quiet
        ) { _ in server }
    }
}

/// Passes every call to the SM-DP+ and keeps the big messages of the download.
final class RecordingES9PlusService: ES9PlusService {
    let base: any ES9PlusService
    let messages = Mutex<(AuthenticateServerResponse?, PrepareDownloadResponse?, BoundProfilePackage?)>((nil, nil, nil))

    init(base: any ES9PlusService) { self.base = base }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await base.initiateAuthentication(request)
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        messages.withLock { $0.0 = request.authenticateServerResponse }
        return try await base.authenticateClient(request)
    }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        let ok = try await base.getBoundProfilePackage(request)
        messages.withLock { $0.1 = request.prepareDownloadResponse; $0.2 = ok.boundProfilePackage }
        return ok
    }
    func handleNotification(_ request: HandleNotification) async throws { try await base.handleNotification(request) }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { try await base.cancelSession(request) }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
