import RSPTestSupport
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SMDS

/// An SM-DS on an in-memory store with a freshly generated PKI and a hand-driven clock.
struct SMDSTestEnvironment {
    static let address = "smds.openrsp.test"
    static let smdpAddress = "smdp.openrsp.test"
    static let smdp = ES12Requester(identity: "2.999.10")
    static let otherSMDP = ES12Requester(identity: "2.999.20")

    let pki: RSPPKI
    let store: InMemorySMDSStore
    let clock: TestClock
    let smds: SMDS

    init(
        pki: RSPPKI? = nil, sessionLifetime: TimeInterval = 600, eventLifetime: TimeInterval = 3600,
        supportedVersions: VersionRange = .openRSPDefault, features: RSPFeatures? = nil
    ) throws {
        let pki = try pki ?? Self.sharedPKI()
        let clock = TestClock()
        let store = InMemorySMDSStore()
        self.pki = pki
        self.store = store
        self.clock = clock
        self.smds = SMDS(
            configuration: try SMDSConfiguration(
                address: Self.address, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate],
                sessionLifetime: sessionLifetime, eventLifetime: eventLifetime, supportedVersions: supportedVersions,
                features: features, now: { clock.now }),
            store: store)
    }

    static func sharedPKI() throws -> RSPPKI {
        try RSPPKI.generate(RSPPKI.Parameters(smdpHost: smdpAddress, smdsHost: address))
    }

    func euicc() throws -> TestEUICC { try TestEUICC(pki: pki) }

    func register(_ eventId: String, eid: EID, by requester: ES12Requester = smdp, address: String = smdpAddress) async throws {
        try await smds.registerEvent(
            RegisterEventRequest(eid: eid, rspServerAddress: address, eventId: eventId), requester: requester)
    }

    func initiate(_ euicc: inout TestEUICC) async throws -> InitiateAuthenticationOkEs9 {
        try await smds.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: Self.address))
    }

    /// InitiateAuthentication then AuthenticateClient: what an LPA does to retrieve events.
    func retrieveEvents(_ euicc: inout TestEUICC, matchingId: String? = nil) async throws -> AuthenticateClientOkEs11 {
        let initiated = try await initiate(&euicc)
        return try await smds.authenticateClient(try euicc.authenticateSMDS(initiated, matchingId: matchingId))
    }
}
