import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDPPlus
import SwiftASN1
import Testing
import X509

/// Version negotiation at the SM-DP+ (ES9+.InitiateAuthentication / AuthenticateClient): the
/// session runs at the highest version both ranges share; serverSigned1 names it (sessionContext,
/// signed) only above the eUICC's lowest; ranges that do not meet are refused with 8.8.3/3.1 and
/// leave no session.
@Suite("SM-DP+ version negotiation")
struct VersionNegotiationServerTests {
    /// Device range × server range → (version, sessionContext present) or refusal: the matrix of
    /// RSPCoreTests' VersionNegotiationTests, here through the SM-DP+.
    static let matrix: [(device: String, server: String, expected: (version: String, announced: Bool)?)] = [
        ("2.2.2", "2.2.2", ("2.2.2", false)),
        ("2.2.2", "2.2.2-3.1.0", ("2.2.2", false)),
        ("2.2.2", "3.1.0", nil),
        ("2.2.2-3.1.0", "2.2.2", ("2.2.2", false)),
        ("2.2.2-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("2.2.2-3.1.0", "3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "2.2.2", nil),
        ("3.0.0-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "3.1.0", ("3.1.0", true)),
    ]

    /// How many sessions the store holds (a purge as if every session expired long ago).
    static func sessionCount(_ store: InMemorySMDPStore) async -> Int {
        await store.deleteExpiredSessions(expired: .distantPast..<Date.distantFuture, deliveredBefore: .distantFuture, limit: .max)
    }

    /// A test eUICC offering `range`: a single version is a v2-style eUICC (no highestSvn, no
    /// feature list); a range also sends every feature.
    static func euicc(_ env: SMDPTestEnvironment, offering range: String) throws -> TestEUICC {
        var euicc = try env.euicc()
        let versions = try VersionRange(parsing: range)
        euicc.offer(versions, features: versions.lowest == versions.highest ? nil : .all)
        return euicc
    }

    @Test("the 9-cell matrix: session at the expected version, sessionContext only when announced, or 8.8.3/3.1 and no session",
          arguments: 0..<9)
    func matrixCell(cell: Int) async throws {
        let (device, server, expected) = Self.matrix[cell]
        let env = try SMDPTestEnvironment(supportedVersions: try VersionRange(parsing: server))
        var euicc = try Self.euicc(env, offering: device)
        guard let expected else {
            let code = await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
            #expect(code?.message?.contains(device) == true)
            #expect(await Self.sessionCount(env.store) == 0)
            return
        }
        let order = try await env.order()
        let initiated = try await env.initiate(&euicc)
        let context = initiated.serverSigned1.value.sessionContext
        #expect((context != nil) == expected.announced)
        if let context {
            #expect(try SpecificationVersion(context.serverSvn).description == expected.version)
            #expect(context.features.map(RSPFeatures.init(bitString:)) == .all)
        }
        let session = try #require(try await env.store.session(transactionId: TransactionID(initiated.transactionId)))
        #expect(session.negotiatedVersion?.description == expected.version)
        #expect(session.negotiatedFeatures == (expected.announced ? .all : .profileDownload))
        #expect(session.euiccSVN == (try VersionRange(parsing: device)).lowest.octetString.bytes)
        // The eUICC verifies serverSignature1 (over sessionContext), accepts the version and
        // downloads: a v3 session carries operationType {profileDownload}.
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        #expect(euicc.agreement?.version.description == expected.version)
        let signed = try #require(Self.ctxParams(request))
        #expect((signed.operationType != nil) == expected.announced)
        let authenticated = try await env.smdp.authenticateClient(request)
        let bpp = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated)).boundProfilePackage
        _ = try euicc.loadBoundProfilePackage(bpp)
    }

    static func ctxParams(_ request: AuthenticateClientRequest) -> CtxParamsForCommonAuthentication? {
        guard case .authenticateResponseOk(let ok) = request.authenticateServerResponse else { return nil }
        switch ok.euiccSigned1.value.ctxParams1 {
        case .ctxParamsForCommonAuthentication(let params): return params
        }
    }

    @Test("a v2 EUICCInfo1 (no highestSvn) gets a serverSigned1 laid out as before: four fields, no [5]",
          arguments: ["2.2.2", "2.2.2-3.1.0"])
    func v2LayoutUnchanged(server: String) async throws {
        let env = try SMDPTestEnvironment(supportedVersions: try VersionRange(parsing: server))
        var euicc = try env.euicc()
        #expect(euicc.euiccInfo1.highestSvn == nil && euicc.euiccInfo1.features == nil)
        let ok = try await env.initiate(&euicc)
        let signed = ok.serverSigned1.value
        #expect(signed.sessionContext == nil)
        let fields = try DER.parse(ok.serverSigned1.derBytes)
        guard case .constructed(let children) = fields.content else { Issue.record("serverSigned1 is not a SEQUENCE"); return }
        #expect(children.map(\.identifier) == [.context(0), .context(1), .context(3), .context(4)])
        let v2Form = ServerSigned1(
            transactionId: signed.transactionId, euiccChallenge: signed.euiccChallenge, serverAddress: signed.serverAddress,
            serverChallenge: signed.serverChallenge)
        #expect(try v2Form.derEncoded() == ok.serverSigned1.derBytes)
    }

    @Test("pySim's recorded InitiateAuthentication (svn 2.4.0) is answered with the recorded serverSigned1, byte for byte, no sessionContext",
          arguments: ["2.2.2", "2.2.2-3.1.0"])
    func recordedRequest(server: String) async throws {
        let directory = Vectors.session.appendingPathComponent("pki")
        let dpAuth = try #require(try RSPPKIDirectory.loadIdentity(.dpAuth, from: directory))
        let dpPb = try #require(try RSPPKIDirectory.loadIdentity(.dpPb, from: directory))
        let ci = try #require(try RSPPKIDirectory.loadCertificate(.ci, from: directory))
        let request = "messages/01-initiateAuthentication.req.json"
        let response = try Vectors.json("messages/01-initiateAuthentication.resp.decoded.json")
        let recordedSigned1 = try #require((response["serverSigned1"] as? [String: Any])?["der_hex"] as? String)
        let recorded = try ServerSigned1(derBytes: try #require([UInt8](hex: recordedSigned1)))
        // The recorded transactionId and serverChallenge, in the order the SM-DP+ draws them.
        let random = ScriptedRandom([recorded.transactionId.bytes, recorded.serverChallenge.bytes])
        let store = InMemorySMDPStore()
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: "testsmdpplus1.example.com", dpAuth: dpAuth, dpPb: dpPb, trustedCIs: [ci],
                supportedVersions: try VersionRange(parsing: server), random: { random.next($0) }),
            store: store)
        let ok = try await smdp.initiateAuthentication(InitiateAuthenticationRequest(
            euiccChallenge: OctetString(try Vectors.base64Field("euiccChallenge", of: request)),
            smdpAddress: try #require(try Vectors.json(request)["smdpAddress"] as? String),
            euiccInfo1: try EUICCInfo1(derBytes: try Vectors.base64Field("euiccInfo1", of: request))))
        #expect(ok.serverSigned1.value.sessionContext == nil)
        #expect(ok.serverSigned1.derBytes == [UInt8](hex: recordedSigned1))
        try RSPSignature.verify(
            rawSignature: ok.serverSignature1.bytes,
            over: SignedData.serverSignature1(serverSigned1: ok.serverSigned1.derBytes),
            publicKey: try dpAuth.certificate.p256SigningKey())
        let session = try #require(try await store.session(transactionId: TransactionID(ok.transactionId)))
        #expect(session.negotiatedVersion == SpecificationVersion(2, 4, 0))
        #expect(session.negotiatedFeatures == .profileDownload)
    }

    @Test("a v2 eUICC of another minor version is served as before (v2 compatibility), a v1 or v3-only one is not",
          arguments: [([2, 1, 0], true), ([2, 4, 0], true), ([1, 0, 2], false), ([3, 0, 0], false)] as [([UInt8], Bool)])
    func v2Compatibility(svn: [UInt8], accepted: Bool) async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        euicc.svn = svn
        guard accepted else {
            await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
            return
        }
        let ok = try await env.initiate(&euicc)
        #expect(ok.serverSigned1.value.sessionContext == nil)
        let session = try #require(try await env.store.session(transactionId: TransactionID(ok.transactionId)))
        #expect(session.negotiatedVersion?.octetString.bytes == svn)
    }

    @Test("a v2.x–v3 eUICC whose lowest is above the server's v2 is served at its lowest, unannounced")
    func v2CompatibilityWithRange() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        euicc.offer(try VersionRange(parsing: "2.4.0-3.1.0"), features: .all)
        let ok = try await env.initiate(&euicc)
        #expect(ok.serverSigned1.value.sessionContext == nil)
        #expect(try euicc.sessionAgreement(ok.serverSigned1.value).version == SpecificationVersion(2, 4, 0))
    }

    @Test("the signed feature list is the intersection of the server's and the device's")
    func featureIntersection() async throws {
        let env = try SMDPTestEnvironment(
            supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"), features: [.profileDownload, .deviceChange])
        var euicc = try env.euicc()
        euicc.offer(try VersionRange(parsing: "2.2.2-3.1.0"), features: [.profileDownload, .rpm])
        let ok = try await env.initiate(&euicc)
        let context = try #require(ok.serverSigned1.value.sessionContext)
        #expect(context.features.map(RSPFeatures.init(bitString:)) == .profileDownload)
        let session = try #require(try await env.store.session(transactionId: TransactionID(ok.transactionId)))
        #expect(session.negotiatedFeatures == .profileDownload)
    }

    @Test("EUICCInfo1 naming an inverted range is refused: unsupported SVN, no session")
    func invertedRange() async throws {
        let env = try SMDPTestEnvironment(supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"))
        var euicc = try env.euicc()
        euicc.svn = [3, 1, 0]
        euicc.highestSvn = [2, 2, 2]
        await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
        #expect(await Self.sessionCount(env.store) == 0)
    }

    // MARK: operationType in AuthenticateClient

    /// A released order and a v3 (3.1.0) or v2 session with `serverFeatures`.
    func authenticate(
        server: String, serverFeatures: RSPFeatures? = nil, device: String, operationType: [Int]?, omit: Bool = false
    ) async throws -> (SMDPTestEnvironment, TestEUICC, AuthenticateClientRequest) {
        let env = try SMDPTestEnvironment(supportedVersions: try VersionRange(parsing: server), features: serverFeatures)
        var euicc = try Self.euicc(env, offering: device)
        euicc.operationType = operationType.map(BitString.init(bits:))
        euicc.omitsOperationType = omit
        let order = try await env.order()
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address)
        return (env, euicc, request)
    }

    @Test("in a v2 session operationType is ignored, whatever it asks")
    func v2IgnoresOperationType() async throws {
        let (env, _, request) = try await authenticate(server: "2.2.2-3.1.0", device: "2.2.2", operationType: [1])
        #expect(Self.ctxParams(request)?.operationType == BitString(bits: [1]))
        _ = try await env.smdp.authenticateClient(request)
    }

    @Test("in a v3 session an absent operationType means profile download")
    func v3AbsentOperationType() async throws {
        let (env, _, request) = try await authenticate(server: "2.2.2-3.1.0", device: "2.2.2-3.1.0", operationType: nil, omit: true)
        #expect(Self.ctxParams(request)?.operationType == nil)
        _ = try await env.smdp.authenticateClient(request)
    }

    @Test("in a v3 session rpm outside the negotiated features is refused: function not supported, and the session ends")
    func v3RPMNotNegotiated() async throws {
        let (env, _, request) = try await authenticate(
            server: "2.2.2-3.1.0", serverFeatures: [.profileDownload], device: "2.2.2-3.1.0", operationType: [1])
        let code = await expectStatus(.unsupportedFunction) { _ = try await env.smdp.authenticateClient(request) }
        #expect(code?.message?.contains("not negotiated") == true)
        let session = try #require(try await env.store.session(transactionId: TransactionID(request.transactionId)))
        #expect(session.state == .failed)
    }

    @Test("in a v3 session rpm, even negotiated, is refused: download is the one operation implemented")
    func v3RPMNotImplemented() async throws {
        let (env, _, request) = try await authenticate(server: "2.2.2-3.1.0", device: "2.2.2-3.1.0", operationType: [0, 1])
        let code = await expectStatus(.unsupportedFunction) { _ = try await env.smdp.authenticateClient(request) }
        #expect(code?.message?.contains("profile download only") == true)
    }

    @Test("in a v3 session an operationType bit no version defines is refused")
    func v3UnknownOperation() async throws {
        let (env, _, request) = try await authenticate(server: "3.1.0", device: "2.2.2-3.1.0", operationType: [0, 7])
        await expectStatus(.unsupportedFunction) { _ = try await env.smdp.authenticateClient(request) }
    }

    @Test("a session stored before negotiation (no negotiated version) ignores operationType")
    func legacySession() async throws {
        let (env, _, request) = try await authenticate(server: "2.2.2-3.1.0", device: "2.2.2", operationType: [1])
        try await env.store.updateSession(transactionId: TransactionID(request.transactionId), matchingId: nil, now: Date()) { session, _ in
            session.negotiatedVersion = nil
            session.negotiatedFeatures = nil
        }
        _ = try await env.smdp.authenticateClient(request)
    }

    // MARK: Configuration and logging

    @Test("the configuration defaults to 2.2.2 with its features, and refuses a feature list its versions cannot carry")
    func configuration() throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: SMDPTestEnvironment.address))
        func make(_ range: String, _ features: RSPFeatures?) throws -> SMDPConfiguration {
            try SMDPConfiguration(
                address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                supportedVersions: try VersionRange(parsing: range), features: features)
        }
        let defaults = try SMDPConfiguration(
            address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        #expect(defaults.supportedVersions == .openRSPDefault && defaults.features == nil)
        #expect(defaults.offeredFeatures == .profileDownload)
        #expect(try make("2.2.2-3.1.0", nil).offeredFeatures == .all)
        #expect(try make("2.2.2-3.1.0", [.profileDownload, .rpm]).offeredFeatures == [.profileDownload, .rpm])
        #expect(throws: SMDPConfigurationError.self) { try make("2.2.2", [.profileDownload, .rpm]) }
        #expect(throws: SMDPConfigurationError.self) { try make("2.2.2-3.1.0", [.rpm]) }
    }

    @Test("the InitiateAuthentication log line names the version")
    func logLine() async throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: SMDPTestEnvironment.address))
        let lines = CapturedLog()
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate],
                supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0")),
            store: InMemorySMDPStore(), logger: Logger(label: "test") { _ in lines })
        var euicc = try TestEUICC(pki: pki)
        euicc.offer(try VersionRange(parsing: "2.2.2-3.1.0"), features: .all)
        _ = try await smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address))
        euicc.offer(VersionRange(SpecificationVersion(1, 0, 0)))
        _ = try? await smdp.initiateAuthentication(euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address))
        let logged = lines.entries.filter { $0.message == "initiateAuthentication" }
        #expect(logged.count == 2)
        #expect(logged.first?.metadata["version"]?.description.hasPrefix("3.1.0 [profileDownload,rpm,deviceChange]") == true)
        #expect(logged.first?.metadata["outcome"]?.description == "ok")
        #expect(logged.last?.metadata["version"]?.description == "-")
    }
}

/// Returns the given byte strings in turn (a recorded session's random values).
final class ScriptedRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[UInt8]]

    init(_ values: [[UInt8]]) { self.values = values }

    func next(_ count: Int) -> [UInt8] {
        lock.withLock {
            guard let value = values.first, value.count == count else { return [UInt8](repeating: 0, count: count) }
            values.removeFirst()
            return value
        }
    }
}

/// A log handler that keeps every line, for assertions on metadata.
final class CapturedLog: LogHandler, @unchecked Sendable {
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Entry] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var entries: [Entry] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock {
            stored.append(Entry(level: event.level, message: event.message.description, metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }
}
