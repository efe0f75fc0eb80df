import CoreMetrics
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import SwiftASN1
import X509

/// An SM-DP+ on an in-memory store with a freshly generated PKI and a hand-driven clock.
struct SMDPTestEnvironment {
    static let address = "smdp.openrsp.test"
    static let defaultProfile = "TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"

    let pki: RSPPKI
    let store: InMemorySMDPStore
    let clock: TestClock
    let smdp: SMDPPlus

    init(
        pki: RSPPKI? = nil, confirmationCodeAttempts: Int = 3, sessionLifetime: TimeInterval = 600,
        supportedVersions: VersionRange = .openRSPDefault, features: RSPFeatures? = nil,
        eventRegistry: (any ES12Service)? = nil, metrics: (any MetricsFactory)? = nil
    ) throws {
        let pki = try pki ?? RSPPKI.generate(RSPPKI.Parameters(smdpHost: Self.address))
        let clock = TestClock()
        let store = InMemorySMDPStore()
        self.pki = pki
        self.store = store
        self.clock = clock
        self.smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: Self.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                sessionLifetime: sessionLifetime, confirmationCodeAttempts: confirmationCodeAttempts,
                supportedVersions: supportedVersions, features: features, now: { clock.now }),
            store: store, eventRegistry: eventRegistry, metrics: metrics)
    }

    var smdpOID: ASN1ObjectIdentifier { smdp.configuration.smdpOID }

    /// The eUICC of the generated PKI.
    func euicc() throws -> TestEUICC { try TestEUICC(pki: pki) }

    static func upp(_ name: String = defaultProfile) throws -> [UInt8] {
        try Vectors.bytes(name, in: Vectors.profiles)
    }

    /// Imports a TS.48 test profile and releases it; returns its order.
    @discardableResult
    func order(
        _ profile: String = defaultProfile, eid: EID? = nil, confirmationCode: String? = nil, matchingId: String? = nil,
        expiresAt: Date? = nil
    ) async throws -> OrderRecord {
        let record = try await smdp.importProfile(upp: try Self.upp(profile))
        let (order, _) = try await smdp.createOrder(
            iccid: record.iccid, eid: eid, confirmationCode: confirmationCode, matchingId: matchingId, expiresAt: expiresAt)
        return order
    }

    // MARK: The download, step by step (what an LPA does between the eUICC and the SM-DP+)

    func initiate(_ euicc: inout TestEUICC) async throws -> InitiateAuthenticationOkEs9 {
        try await smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: Self.address))
    }

    func authenticate(_ euicc: inout TestEUICC, matchingId: String?) async throws -> AuthenticateClientOk {
        let initiated = try await initiate(&euicc)
        return try await smdp.authenticateClient(
            try euicc.authenticateServer(initiated, matchingId: matchingId, smdpAddress: Self.address))
    }

    func boundProfilePackage(
        _ euicc: inout TestEUICC, matchingId: String?, confirmationCode: String? = nil
    ) async throws -> BoundProfilePackage {
        let authenticated = try await authenticate(&euicc, matchingId: matchingId)
        let request = try euicc.prepareDownload(authenticated, confirmationCode: confirmationCode)
        return try await smdp.getBoundProfilePackage(request).boundProfilePackage
    }

    /// A released order whose profile was bound to a new test eUICC: the session waits for the
    /// installation result.
    func boundDownload() async throws -> (TestEUICC, OrderRecord) {
        let order = try await order()
        var euicc = try euicc()
        _ = try await boundProfilePackage(&euicc, matchingId: order.matchingId)
        return (euicc, order)
    }

    /// `euicc`'s signed installation result (seqNumber 1) of `order`'s profile.
    func installationResult(_ euicc: TestEUICC, _ order: OrderRecord) throws -> ProfileInstallationResult {
        try euicc.profileInstallationResult(seqNumber: 1, iccid: order.iccid, smdpAddress: Self.address, smdpOid: smdpOID)
    }

    /// ES9+.HandleNotification with an installation result.
    func send(_ result: ProfileInstallationResult) async throws {
        try await smdp.handleNotification(HandleNotification(pendingNotification: .profileInstallationResult(result)))
    }

    func orderState(_ matchingId: String) async throws -> OrderRecord {
        try requireValue(await store.order(matchingId: matchingId), "order \(matchingId)")
    }
}
