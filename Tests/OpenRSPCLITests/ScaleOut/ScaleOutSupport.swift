import AsyncHTTPClient
import EUICC
import Foundation
import LPA
import Logging
import NIOCore
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPTestSupport
import Synchronization
import Testing
import X509

@testable import OpenRSPCLI
@testable import RSPStore

/// The scale-out acceptance tests (`swift test --filter ScaleOut`), as real `openrsp` processes,
/// and what they share: a scratch PostgreSQL database, generated profile packages, `serve` nodes,
/// software eUICCs with their LPAs, ES9+ wrappers that choose a node per call, and the operator's
/// callback endpoint. Every wait is bounded by a deadline.
enum ScaleOut {}

extension ScaleOut {
    /// The PostgreSQL server of `OPENRSP_POSTGRES_URL` (tests that need it are skipped without it).
    enum Postgres {
        static var serverURL: String? {
            guard let text = ProcessInfo.processInfo.environment["OPENRSP_POSTGRES_URL"], !text.isEmpty else { return nil }
            return text
        }

        static var isConfigured: Bool { serverURL != nil }
    }

    /// What went wrong in the tests' own set-up.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A database of its own on the test server, created and dropped (its sessions ended first)
    /// through RSPStore's PostgreSQL administration; kept when OPENRSP_KEEP_PROCESS_OUTPUT is set,
    /// like the processes' output.
    struct ScratchDatabase: Sendable {
        /// postgres://… naming the new database (the server URL with another path, password kept).
        let url: String
        private let database: PostgresScratchDatabase
        var name: String { database.name }
        private static let logger = Logger(label: "openrsp.test.postgres") { _ in SwiftLogNoOpLogHandler() }

        static func create(_ tag: String) async throws -> ScratchDatabase {
            guard let text = Postgres.serverURL, var components = URLComponents(string: text) else {
                throw Failure(description: "OPENRSP_POSTGRES_URL is not set")
            }
            let database = try await PostgresScratchDatabase.create(
                on: try PostgresURL(parsing: text), prefix: "openrsp_\(tag)", logger: logger)
            components.path = "/" + database.name
            guard let url = components.string else { throw Failure(description: "cannot build a URL for \(database.name)") }
            return ScratchDatabase(url: url, database: database)
        }

        func drop() async {
            guard ProcessInfo.processInfo.environment["OPENRSP_KEEP_PROCESS_OUTPUT"] == nil else { return }
            do {
                try await database.drop(logger: Self.logger)
            } catch {
                Issue.record("test database \(name) not dropped: \(error)")
            }
        }
    }

    /// Which store a `serve` under test runs on.
    enum ServeStore: Sendable, CustomStringConvertible {
        case sqlite
        case postgres(ScratchDatabase)

        /// `--store …` for every command (nothing for the SQLite default).
        var arguments: [String] {
            switch self {
            case .sqlite: []
            case .postgres(let database): ["--store", database.url]
            }
        }

        func location(data: String) throws -> StoreLocation {
            switch self {
            case .sqlite: .sqlite(dataDirectory: URL(fileURLWithPath: data))
            case .postgres(let database): try StoreLocation(parsing: database.url, dataDirectory: URL(fileURLWithPath: data))
            }
        }

        var description: String {
            switch self {
            case .sqlite: "SQLite"
            case .postgres(let database): "PostgreSQL \(database.name)"
            }
        }
    }

    /// Runs `body` on the store `serve` writes, opened the way `serve` opens it, and closes it.
    static func withStore<T>(
        _ location: StoreLocation, _ body: (any SMDPStore) async throws -> T
    ) async throws -> T {
        try await location.withOpened { try await body($0.smdp) }
    }

    /// Unprotected Profile Packages that differ by their header ICCID (as `openrsp bench` makes
    /// them), written to a directory for `openrsp profiles import`.
    enum ProfileBatch {
        static let source = Vectors.profiles.appendingPathComponent("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")

        /// `count` files in `directory` (created), ICCIDs 8999 ‹series, 3 digits› ‹index, 12 digits›.
        @discardableResult
        static func write(count: Int, series: Int, to directory: URL) throws -> [ICCID] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let base = try UnprotectedProfilePackage(der: Array(try Data(contentsOf: source)))
            return try (0..<count).map { index in
                let iccid = try ICCID(digits: String(format: "8999%03d%012d", series, index), checkLuhn: false)
                try Data(try base.replacingHeaderICCID(with: iccid))
                    .write(to: directory.appendingPathComponent(String(format: "p%05d.der", index)))
                return iccid
            }
        }
    }

    /// Starting `openrsp serve` and waiting until it serves.
    enum ServeNode {
        /// Starts `serve ARGUMENTS` and waits until every port of `listening` accepts connections. A
        /// start that ends early (a port not yet free after a SIGKILL) is retried until the deadline.
        static func start(
            _ processes: OpenRSPProcesses, _ arguments: [String], listening: [Int], timeout: Duration = .seconds(60)
        ) async throws -> OpenRSPProcess {
            let deadline = ContinuousClock.now + timeout
            var attempt = 0
            while true {
                attempt += 1
                let serve = try processes.spawn(["serve"] + arguments)
                do {
                    try await serve.wait(for: "listeners on \(listening)", timeout: deadline - ContinuousClock.now) {
                        listening.allSatisfy(LoopbackPorts.accepts)
                    }
                    return serve
                } catch let error as ProcessTimeout {
                    guard !serve.isRunning, attempt < 5, ContinuousClock.now < deadline else { throw error }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
        }

        /// SIGKILLs `serve` and waits until it is gone; it must have died of the signal.
        static func kill(_ serve: OpenRSPProcess) async throws -> CommandResult {
            serve.signal(SIGKILL)
            return try await serve.waitForExit(timeout: .seconds(10))
        }
    }

    /// GET on a `serve` listener: HTTPS trusting the deployment's CI (the health endpoints), or
    /// plain HTTP without one (the metrics listener). AsyncHTTPClient, as the rest of the tests: a
    /// CI run crashed on NIO's EBADF precondition (a descriptor closed under it) while a URLSession
    /// request ran in this process, which no earlier run had shown.
    enum HealthProbe {
        struct Answer: CustomStringConvertible {
            let status: Int
            let contentType: String?
            let body: String
            var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
            var description: String { "HTTP \(status) \(body)" }
        }

        static func get(_ path: String, port: Int, ci: Certificate?) async throws -> Answer {
            var configuration = HTTPClient.Configuration()
            if let ci { configuration.tlsConfiguration = try RSPTLS.clientConfiguration(trust: .only([ci])) }
            configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            let url = ci == nil ? "http://127.0.0.1:\(port)\(path)" : "https://localhost:\(port)\(path)"
            do {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                let body = try await response.body.collect(upTo: 1 << 20)
                let answer = Answer(
                    status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                    body: String(buffer: body))
                try await client.shutdown()
                return answer
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// A software eUICC (its own EID, issued by the deployment's EUM) and the LPA in front of it.
    struct TestDevice: Sendable {
        let eid: EID
        let lpa: LocalProfileAssistant

        static func make(
            number: UInt64, pki: RSPPKI, maximumProfiles: Int, server: @escaping LocalProfileAssistant.ServerFactory
        ) async throws -> TestDevice {
            var logger = Logger(label: "openrsp.test.device")
            logger.logLevel = .critical
            let eid = try EID(prefix: "89049032", individualNumber: number)
            let certificate = try RSPCertificateIssuer.issueEUICC(eid: eid, issuer: pki.eum, notBefore: Date(timeIntervalSinceNow: -3600))
            let identity = try EUICCIdentity(euicc: certificate, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
            let card = SoftwareEUICC(isdr: try ISDR(identity: identity, configuration: EUICCConfiguration(maximumProfiles: maximumProfiles)))
            _ = try await card.reset()
            let lpa = LocalProfileAssistant(
                es10: ES10Client(transport: card, logger: logger), deviceInfo: LPAConnection.deviceInfo, logger: logger,
                serverFactory: server)
            return TestDevice(eid: eid, lpa: lpa)
        }

        /// The ICCIDs of the profiles installed on the card.
        func installed() async throws -> [ICCID] {
            try await lpa.profiles().compactMap(\.iccid)
        }
    }

    /// How many ES9+ calls of each function each node received.
    final class CallTally: Sendable {
        private let counts = Mutex<[String: Int]>([:])

        func add(node: Int, _ function: String) { counts.withLock { $0["\(node) \(function)", default: 0] += 1 } }
        func count(node: Int, _ function: String) -> Int { counts.withLock { $0["\(node) \(function)"] ?? 0 } }
        var all: [String: Int] { counts.withLock { $0 } }
    }

    /// ES9+ for one download spread over several nodes: its k-th call goes to node (offset + k) mod N,
    /// so every step of the download lands on another node than the step before (with two nodes).
    final class AlternatingES9PlusService: ES9PlusService {
        private let nodes: [any ES9PlusService]
        private let next: Mutex<Int>
        private let tally: CallTally

        init(nodes: [any ES9PlusService], offset: Int, tally: CallTally) {
            self.nodes = nodes
            self.next = Mutex(offset)
            self.tally = tally
        }

        private func node(for function: String) -> any ES9PlusService {
            let k = next.withLock { value in
                defer { value += 1 }
                return value
            }
            tally.add(node: k % nodes.count, function)
            return nodes[k % nodes.count]
        }

        func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
            try await node(for: "initiateAuthentication").initiateAuthentication(request)
        }
        func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
            try await node(for: "authenticateClient").authenticateClient(request)
        }
        func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
            try await node(for: "getBoundProfilePackage").getBoundProfilePackage(request)
        }
        func handleNotification(_ request: HandleNotification) async throws {
            try await node(for: "handleNotification").handleNotification(request)
        }
        func cancelSession(_ request: CancelSessionRequestEs9) async throws {
            try await node(for: "cancelSession").cancelSession(request)
        }
    }

    /// ES9+ to a server that may die at any moment. An ES9+.CancelSession that did not reach it (the
    /// eUICC signed the cancellation, the SM-DP+ never heard of it) is kept, to be sent again when
    /// the server is back (`takeUndeliveredCancellations`).
    final class CancelKeepingES9PlusService: ES9PlusService {
        private let target: any ES9PlusService
        private let kept = Mutex<[CancelSessionRequestEs9]>([])

        init(_ target: any ES9PlusService) { self.target = target }

        /// The cancellations not delivered so far; the list is emptied.
        func takeUndeliveredCancellations() -> [CancelSessionRequestEs9] {
            kept.withLock { list in
                defer { list = [] }
                return list
            }
        }

        func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
            try await target.initiateAuthentication(request)
        }
        func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
            try await target.authenticateClient(request)
        }
        func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
            try await target.getBoundProfilePackage(request)
        }
        func handleNotification(_ request: HandleNotification) async throws {
            try await target.handleNotification(request)
        }
        func cancelSession(_ request: CancelSessionRequestEs9) async throws {
            do {
                try await target.cancelSession(request)
            } catch {
                if isTransportFailure(error) { kept.withLock { $0.append(request) } }
                throw error
            }
        }
    }

    /// Whether an ES2+/ES9+ call failed because the server did not answer (dead, restarting), as
    /// opposed to answering with an SGP.22 status.
    static func isTransportFailure(_ error: any Error) -> Bool {
        if error is any StatusCodeConvertible { return false }
        if let failure = error as? LPAError {
            if case .serverUnreachable = failure { return true }
            return false
        }
        return true
    }

    /// `body` again after a transport failure (pausing `pause`), until it succeeds, throws anything
    /// else, or `deadline` passes (then the last failure is rethrown).
    static func retryingTransportFailures<T>(
        until deadline: ContinuousClock.Instant, pause: Duration = .milliseconds(100), _ body: () async throws -> T
    ) async throws -> T {
        while true {
            do {
                return try await body()
            } catch let error where isTransportFailure(error) && ContinuousClock.now < deadline {
                try await Task.sleep(for: pause)
            }
        }
    }

    /// The operator's HandleDownloadProgressInfo endpoint: every report, in arrival order.
    final class ProgressLog: ES2PlusOperatorService {
        struct Report: Sendable, CustomStringConvertible {
            let iccid: String
            let point: Int
            let success: Bool
            let callId: String
            var description: String { "\(point)\(success ? "" : "✗")" }
        }

        private let received = Mutex<[Report]>([])

        func handleDownloadProgressInfo(_ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader) async throws {
            let success = if case .executedSuccess = request.notificationPointStatus { true } else { false }
            received.withLock {
                $0.append(Report(
                    iccid: request.iccid.paddedDigits, point: request.notificationPointId.rawValue, success: success,
                    callId: header.functionCallIdentifier))
            }
        }

        var reports: [Report] { received.withLock { $0 } }

        /// Each ICCID's reports in arrival order.
        var byICCID: [String: [Report]] { Dictionary(grouping: reports, by: \.iccid) }
    }

    /// The operator's callback endpoint over HTTPS on 127.0.0.1:`port` (the DPtls certificate of the
    /// deployment's PKI, which `serve` trusts through the CI).
    static func startCallbackEndpoint(_ log: ProgressLog, port: Int, pki: RSPPKI) async throws -> RunningServices {
        var logger = Logger(label: "openrsp.test.operator")
        logger.logLevel = .critical
        return try await RunningServices.start([
            RSPServer(
                routeGroups: [ES2PlusOperatorRoutes(service: log)], host: "127.0.0.1", port: port,
                tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
        ], logger: logger)
    }

    /// An operator's ES2+ client with the certificate `openrsp operator add NAME` wrote in DATA.
    static func operatorClient(name: String, data: String, port: Int, pki: RSPPKI) throws -> ES2PlusHTTPClient {
        let directory = URL(fileURLWithPath: data).appendingPathComponent(OperatorFiles.directoryName).appendingPathComponent(name)
        let identity = try RSPPKIDirectory.loadIdentity(
            certificate: directory.appendingPathComponent(OperatorFiles.certificateName),
            privateKey: directory.appendingPathComponent(OperatorFiles.keyName))
        var logger = Logger(label: "openrsp.test.es2")
        logger.logLevel = .critical
        return try ES2PlusHTTPClient(
            smdpAddress: "localhost:\(port)", identity: identity, trust: .only([pki.ci.certificate]), logger: logger)
    }

    static func es2Caller(_ name: String, callId: String = UUID().uuidString) -> ES2PlusCaller {
        ES2PlusCaller(functionRequesterIdentifier: name, functionCallIdentifier: callId, certificateFingerprint: [])
    }

    /// An ES9+ HTTPS client for `localhost:PORT`, trusting the CI.
    static func es9Client(port: Int, pki: RSPPKI) throws -> ES9PlusHTTPClient {
        var logger = Logger(label: "openrsp.test.es9")
        logger.logLevel = .critical
        return try ES9PlusHTTPClient(
            smdpAddress: "localhost:\(port)", configuration: .init(transport: .https(trust: .only([pki.ci.certificate]))),
            logger: logger)
    }

    /// A value behind a lock, shareable with escaping closures (a `Mutex` itself cannot be captured).
    final class Locked<Value: Sendable>: Sendable {
        private let mutex: Mutex<Value>
        init(_ value: Value) { mutex = Mutex(value) }
        func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
        var value: Value { mutex.withLock { $0 } }
    }

    /// Work items shared by concurrent workers, taken in order.
    final class TaskQueue<Item: Sendable>: Sendable {
        private let items: Mutex<[Item]>
        init(_ items: [Item]) { self.items = Mutex(items.reversed()) }
        func next() -> Item? { items.withLock { $0.popLast() } }
    }

    /// Seconds since `start`, for the figures a test reports.
    static func secondsSince(_ start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
