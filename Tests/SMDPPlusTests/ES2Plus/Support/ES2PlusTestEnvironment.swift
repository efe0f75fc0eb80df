import Foundation
import RSPCore
import RSPCrypto
import Logging
@testable import RSPStore
import RSPTestSupport
import SMDPPlus
import SwiftASN1
import X509

/// The stores the ES2+ tests run against: PostgreSQL too when `OPENRSP_POSTGRES_URL` names a
/// server (`.ci/run` starts one).
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, sqlite, postgres
    var description: String { rawValue }

    static var available: [StoreKind] { ScratchPostgres.serverURL == nil ? [.memory, .sqlite] : allCases }

    func make() async throws -> any SMDPStore {
        switch self {
        case .memory: InMemorySMDPStore()
        case .sqlite: try SQLiteSMDPStore.inMemory()
        case .postgres: try await ScratchPostgres.store()
        }
    }
}

/// A fresh database per test on the `OPENRSP_POSTGRES_URL` server, named openrsp_test_smdp_…
/// It is not dropped (an ES2+ environment has no end of life to hook): `.ci/run`'s server is a
/// throwaway cluster; on a developer's server `scripts/postgres stop` or DROP DATABASE clears them.
enum ScratchPostgres {
    static let serverURL: PostgresURL? = {
        guard let text = ProcessInfo.processInfo.environment["OPENRSP_POSTGRES_URL"], !text.isEmpty else { return nil }
        return try? PostgresURL(parsing: text)
    }()

    static let logger = Logger(label: "openrsp.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Unavailable: Error {}

    static func store() async throws -> any SMDPStore {
        guard let server = serverURL else { throw Unavailable() }
        let database = try await PostgresScratchDatabase.create(on: server, prefix: "openrsp_test_smdp", logger: logger)
        return try await PostgresSMDPStore(url: database.url, logger: logger, maximumConnections: 2)
    }
}

/// An operator registered with the SM-DP+, with its TLS client identity.
struct TestOperator: Sendable {
    var name: String
    var identity: RSPIdentity
    var fingerprint: [UInt8]

    /// The caller as the ES2+ transport would see it.
    func caller(_ functionCallIdentifier: String) -> ES2PlusCaller {
        ES2PlusCaller(
            functionRequesterIdentifier: name, functionCallIdentifier: functionCallIdentifier, certificateFingerprint: fingerprint)
    }
}

/// An SM-DP+ with operators, a fake SM-DS and profiles of known owners, for the ES2+ tests.
///
/// - OPERATOR-A owns PO ID 001-01 and gets callbacks; OPERATOR-B owns 002-02 and gets callbacks;
///   OPERATOR-C also owns 001-01 (a second account of A's owner) and has no callback URL.
/// - `gold(n)`/`silver` profiles: see `importProfiles`.
struct ES2PlusTestEnvironment {
    static let address = "smdp.openrsp.test"
    static let smdsAddress = "smds.openrsp.test"
    static let callbackA = "https://a.operator.test/es2plus/handleDownloadProgressInfo"
    static let callbackB = "https://b.operator.test/es2plus/handleDownloadProgressInfo"
    /// GOLD profiles of 001-01, in ICCID order (the order DownloadOrder by type picks them).
    static let goldFiles = ["TS48V4-SAIP2-1A-NOBERTLV-UNIQUE.der", "TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"]
    /// A GOLD profile of 002-02 (B's) whose ICCID sorts before every GOLD of A's.
    static let foreignGoldFile = "TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der"
    static let silverFile = "TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der"

    let pki: RSPPKI
    let store: any SMDPStore
    let clock: TestClock
    let smds: FakeSMDS
    let smdp: SMDPPlus
    let operatorA: TestOperator
    let operatorB: TestOperator
    let operatorC: TestOperator

    init(
        _ kind: StoreKind = .memory, store: (any SMDPStore)? = nil, orderLifetime: TimeInterval? = nil,
        confirmationCodeAttempts: Int = 3, pki: RSPPKI? = nil
    ) async throws {
        let pki = try pki ?? RSPPKI.generate(RSPPKI.Parameters(smdpHost: Self.address))
        let clock = TestClock()
        let chosen: any SMDPStore
        if let store { chosen = store } else { chosen = try await kind.make() }
        let smds = FakeSMDS()
        self.pki = pki
        self.store = chosen
        self.clock = clock
        self.smds = smds
        self.smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: Self.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                orderLifetime: orderLifetime, confirmationCodeAttempts: confirmationCodeAttempts, now: { clock.now }),
            store: chosen,
            smdsResolver: { address in address == Self.smdsAddress ? smds : nil })
        operatorA = try await Self.register(smdp, pki: pki, name: "OPERATOR-A", poIds: ["001-01"], callbackURL: Self.callbackA)
        operatorB = try await Self.register(smdp, pki: pki, name: "OPERATOR-B", poIds: ["002-02"], callbackURL: Self.callbackB)
        operatorC = try await Self.register(smdp, pki: pki, name: "OPERATOR-C", poIds: ["001-01"], callbackURL: nil)
    }

    static func register(
        _ smdp: SMDPPlus, pki: RSPPKI, name: String, poIds: [String], profileTypes: [String] = [], callbackURL: String?
    ) async throws -> TestOperator {
        let identity = try operatorIdentity(name, pki: pki)
        let record = try await smdp.registerOperator(
            name: name, poIds: poIds, profileTypes: profileTypes, certificate: identity.certificate, callbackURL: callbackURL)
        return TestOperator(name: name, identity: identity, fingerprint: record.certificateFingerprint)
    }

    static func operatorIdentity(_ name: String, pki: RSPPKI) throws -> RSPIdentity {
        try RSPCertificateIssuer.issueTLSClientCertificate(commonName: name, organization: "ES2+ operator", issuer: pki.ci)
    }

    static func owner(_ poId: String) throws -> OperatorID {
        let parts = poId.split(separator: "-").map(String.init)
        return try OperatorID(mcc: parts[0], mnc: parts[1])
    }

    // MARK: Inventory

    /// Imports a TS.48 profile as `profileType` owned by `poId`.
    @discardableResult
    func importProfile(_ file: String, type profileType: String, owner poId: String?) async throws -> ProfileRecord {
        try await smdp.importProfile(
            upp: try Vectors.bytes(file, in: Vectors.profiles), profileType: profileType,
            owner: try poId.map(Self.owner))
    }

    /// Two GOLD profiles of 001-01, one GOLD of 002-02 (lowest ICCID) and one SILVER of 001-01.
    /// Returns A's GOLD profiles in ICCID order.
    @discardableResult
    func importProfiles() async throws -> [ProfileRecord] {
        try await importProfile(Self.foreignGoldFile, type: "GOLD", owner: "002-02")
        try await importProfile(Self.silverFile, type: "SILVER", owner: "001-01")
        var gold: [ProfileRecord] = []
        for file in Self.goldFiles { gold.append(try await importProfile(file, type: "GOLD", owner: "001-01")) }
        return gold
    }

    func activeOrder(_ iccid: ICCID) async throws -> OrderRecord {
        try requireValue(await store.activeOrder(iccid: iccid), "order of \(iccid)")
    }

    // MARK: ES2+ shortcuts

    /// DownloadOrder by OPERATOR-A (by default) with a fresh function call identifier.
    func downloadOrder(
        _ request: DownloadOrderRequest, by requester: TestOperator? = nil, fci: String = UUID().uuidString
    ) async throws -> ICCID {
        try await smdp.downloadOrder(request, caller: (requester ?? operatorA).caller(fci)).iccid
    }

    func confirmOrder(
        _ request: ConfirmOrderRequest, by requester: TestOperator? = nil, fci: String = UUID().uuidString
    ) async throws -> ConfirmOrderResponse {
        try await smdp.confirmOrder(request, caller: (requester ?? operatorA).caller(fci))
    }

    func cancelOrder(_ request: CancelOrderRequest, by requester: TestOperator? = nil, fci: String = UUID().uuidString) async throws {
        try await smdp.cancelOrder(request, caller: (requester ?? operatorA).caller(fci))
    }

    func releaseProfile(_ iccid: ICCID, by requester: TestOperator? = nil, fci: String = UUID().uuidString) async throws {
        try await smdp.releaseProfile(ReleaseProfileRequest(iccid: iccid), caller: (requester ?? operatorA).caller(fci))
    }

    /// An EID of the test PKI's EUM range that no test eUICC has.
    static func otherEID() throws -> EID { try EID(prefix: "89049032", individualNumber: 4242) }

    // MARK: Device side

    func euicc() throws -> TestEUICC { try TestEUICC(pki: pki) }

    func authenticate(_ euicc: inout TestEUICC, matchingId: String?) async throws -> AuthenticateClientOk {
        let initiated = try await smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: Self.address))
        return try await smdp.authenticateClient(try euicc.authenticateServer(initiated, matchingId: matchingId, smdpAddress: Self.address))
    }

    /// The progress reports waiting in the outbox, decoded, in id order.
    func pendingReports() async throws -> [(callback: CallbackRecord, report: HandleDownloadProgressInfoRequest)] {
        try await store.pendingCallbacks(limit: 1000).map { callback in
            (callback, try JSONDecoder().decode(HandleDownloadProgressInfoRequest.self, from: Data(callback.body)))
        }
    }
}

/// An SM-DS (ES12) that records events and can be made unreachable or refusing.
actor FakeSMDS: ES12Service {
    enum Mode { case up, unreachable, refusing }
    struct Unreachable: Error {}

    private(set) var registered: [RegisterEventRequest] = []
    private(set) var deleted: [String] = []
    /// Every DeleteEvent received, answered or not (an unknown event is refused, not recorded in `deleted`).
    private(set) var deleteCalls = 0
    var mode: Mode = .up

    func set(_ mode: Mode) { self.mode = mode }

    var liveEvents: [String] { registered.map(\.eventId).filter { !deleted.contains($0) } }

    func registerEvent(_ request: RegisterEventRequest, requester: ES12Requester) async throws {
        switch mode {
        case .up: registered.append(request)
        case .unreachable: throw Unreachable()
        case .refusing: throw StatusCode.eventIdAlreadyInUse
        }
    }

    func deleteEvent(_ request: DeleteEventRequest, requester: ES12Requester) async throws {
        deleteCalls += 1
        switch mode {
        case .up:
            guard registered.contains(where: { $0.eventId == request.eventId }) else { throw StatusCode.unknownEventRecord }
            deleted.append(request.eventId)
        case .unreachable: throw Unreachable()
        case .refusing: throw StatusCode.executionError
        }
    }
}

/// An operator's HandleDownloadProgressInfo endpoint: records what arrives, fails for URLs marked down.
actor FakeCallbackTransport: ES2PlusCallbackTransport {
    struct Down: Error, CustomStringConvertible {
        var url: String
        var description: String { "connection refused by \(url)" }
    }

    struct Delivery: Sendable {
        var url: String
        var header: ES2PlusRequestHeader
        var request: HandleDownloadProgressInfoRequest
    }

    private(set) var delivered: [Delivery] = []
    private(set) var attempts: [String] = []
    private var down: Set<String> = []

    func setDown(_ url: String, _ isDown: Bool = true) {
        if isDown { down.insert(url) } else { down.remove(url) }
    }

    func handleDownloadProgressInfo(
        _ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader, url: String
    ) async throws {
        attempts.append(header.functionCallIdentifier)
        if down.contains(url) { throw Down(url: url) }
        delivered.append(Delivery(url: url, header: header, request: request))
    }

    func identifiers(to url: String) -> [String] {
        delivered.filter { $0.url == url }.map(\.header.functionCallIdentifier)
    }
}
