import EUICC
import LPA
import RSPCore
import RSPCrypto
import Synchronization

/// An LPA wired to the real software eUICC's ISD-R (through the APDU-level fake card, so the
/// call order is logged) and to a fake SM-DS that signs with CERT.DSauth of the same PKI.
struct DiscoveryRig {
    static let rootSmdsAddress = "smds.openrsp.test"
    static let sharedPKI: RSPPKI? = try? RSPPKI.generate()
    static let events = [
        EventEntries(eventId: "EVT-0001", rspServerAddress: "smdp-a.openrsp.test"),
        EventEntries(eventId: "EVT-0002", rspServerAddress: "smdp-b.openrsp.test"),
    ]

    let pki: RSPPKI
    let log: CallLog
    let card: FakeEUICCCard
    let smds: FakeSMDS
    let lpa: LocalProfileAssistant
    let requestedAddresses: AddressRecorder

    init(rootSmdsAddress: String = Self.rootSmdsAddress) async throws {
        let pki = try Self.sharedPKI ?? RSPPKI.generate()
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let isdr = try ISDR(identity: identity, configuration: EUICCConfiguration(rootDsAddress: rootSmdsAddress))
        let log = CallLog()
        let card = FakeEUICCCard(log: log)
        let smds = try FakeSMDS(pki: pki, log: log, events: Self.events)
        let addresses = AddressRecorder()
        self.pki = pki
        self.log = log
        self.card = card
        self.smds = smds
        self.requestedAddresses = addresses
        lpa = LocalProfileAssistant(
            es10: ES10Client(transport: card), deviceInfo: DownloadRig.deviceInfo,
            serverFactory: { _ in NoSMDP(log: log) },
            es11Factory: { address in
                addresses.record(address)
                return smds
            })
        for tag: UInt in [60, 32, 46, 56] {
            await card.on(tag) { command in
                guard case .data(let bytes) = await isdr.execute(command) else { return [] }
                return bytes
            }
        }
    }
}

/// The addresses a factory was asked for, recorded synchronously (the factory is not async).
final class AddressRecorder: Sendable {
    private let recorded = Mutex<[String]>([])
    func record(_ address: String) { recorded.withLock { $0.append(address) } }
    var addresses: [String] { recorded.withLock { $0 } }
}

/// Discovery must not touch an SM-DP+: every call is logged (so an order check sees it) and fails.
struct NoSMDP: ES9PlusService {
    struct Called: Error {}
    let log: CallLog

    private func refuse(_ function: ES9PlusFunction) async throws -> Never {
        await log.record(function.rawValue)
        throw Called()
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await refuse(.initiateAuthentication)
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        try await refuse(.authenticateClient)
    }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        try await refuse(.getBoundProfilePackage)
    }
    func handleNotification(_ request: HandleNotification) async throws { try await refuse(.handleNotification) }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { try await refuse(.cancelSession) }
}
