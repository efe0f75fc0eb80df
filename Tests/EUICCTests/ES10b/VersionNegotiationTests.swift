import Foundation
import RSPCore
import RSPCrypto
import SwiftASN1
import Testing

@testable import EUICC

@Suite("Version negotiation on the eUICC: EUICCInfo1 offers the range, AuthenticateServer accepts or refuses the server's choice")
struct EUICCVersionNegotiationTests {
    static let v222 = SpecificationVersion(2, 2, 2)
    static let v300 = SpecificationVersion(3, 0, 0)
    static let v310 = SpecificationVersion(3, 1, 0)

    static func card(_ range: String, features: RSPFeatures? = nil) throws -> EUICCFixture {
        try EUICCFixture(configuration: EUICCConfiguration(
            initialSupportedVersions: try VersionRange(parsing: range), initialFeatures: features))
    }

    func errorCode(_ response: AuthenticateServerResponse) -> AuthenticateErrorCode? {
        if case .authenticateResponseError(let error) = response { return error.authenticateErrorCode }
        return nil
    }

    /// GetEuiccChallenge + AuthenticateServer with this sessionContext in the (genuinely signed) serverSigned1.
    func authenticate(_ fixture: EUICCFixture, sessionContext: SessionContext?) async throws -> AuthenticateServerResponse {
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        return await fixture.isdr.authenticateServer(
            try fixture.smdp.authenticateServerRequest(challenge: challenge, sessionContext: sessionContext))
    }

    static func context(_ version: SpecificationVersion, _ features: RSPFeatures? = nil) -> SessionContext {
        SessionContext(serverSvn: version.octetString, features: features?.bitString)
    }

    // MARK: EUICCInfo1

    @Test("a 2.2.2-only card (the default) sends the v2 EUICCInfo1, byte for byte, without highestSvn or features")
    func singleVersionEUICCInfo1() async throws {
        let fixture = try EUICCFixture()
        let info = await fixture.isdr.getEUICCInfo1()
        let v2 = EUICCInfo1(
            svn: [2, 2, 2], euiccCiPKIdListForVerification: [OctetString(fixture.smdp.ciPKId)],
            euiccCiPKIdListForSigning: [OctetString(fixture.smdp.ciPKId)])
        #expect(try info.derEncoded() == v2.derEncoded())
        #expect(info.highestSvn == nil && info.features == nil)
        // 'BF20' { '82' svn, 'A9' { SKI }, 'AA' { SKI } }: nothing else.
        guard case .constructed(let fields) = try DER.parse(try info.derEncoded()).content else {
            Issue.record("EUICCInfo1 is not constructed")
            return
        }
        #expect(fields.map(\.identifier) == [.context(2), .context(9), .context(10)])
        #expect(await fixture.isdr.supportedVersions == VersionRange(Self.v222))
        #expect(await fixture.isdr.features == .profileDownload)
        // A single-version v3 card is a plain card too: svn 3.1.0, no negotiation fields.
        let v3Only = try await Self.card("3.1.0").isdr.getEUICCInfo1()
        #expect(v3Only.svn.bytes == [3, 1, 0] && v3Only.highestSvn == nil && v3Only.features == nil)
    }

    @Test("a multi-version card sends svn = lowest, highestSvn = highest and its feature list (default: the highest version's)")
    func multiVersionEUICCInfo1() async throws {
        let info = try await Self.card("2.2.2-3.1.0").isdr.getEUICCInfo1()
        #expect(info.svn.bytes == [2, 2, 2])
        #expect(info.highestSvn?.bytes == [3, 1, 0])
        #expect(info.deviceFeatures == [.profileDownload, .rpm, .deviceChange])
        #expect(try info.supportedVersions == VersionRange(lowest: Self.v222, highest: Self.v310))
        let decoded = try EUICCInfo1(derBytes: try info.derEncoded())
        #expect(decoded == info)

        let limited = try await Self.card("2.2.2-3.1.0", features: [.profileDownload, .rpm]).isdr.getEUICCInfo1()
        #expect(limited.deviceFeatures == [.profileDownload, .rpm])
    }

    // MARK: AuthenticateServer

    @Test("no sessionContext: the card's lowest version with its features, not announced")
    func noSessionContextMeansLowest() async throws {
        let fixture = try Self.card("2.2.2-3.1.0")
        let response = try await authenticate(fixture, sessionContext: nil)
        #expect(errorCode(response) == nil)
        let agreement = try #require(await fixture.isdr.sessionAgreement)
        #expect(agreement == VersionNegotiation.Agreement(version: Self.v222, features: .profileDownload, announced: false))
        // And the default card, as always.
        let plain = try EUICCFixture()
        _ = try await plain.authenticate()
        #expect(await plain.isdr.sessionAgreement?.version == Self.v222)
    }

    @Test("an announced version inside the range is accepted; features are the intersection of version, server and card")
    func announcedVersionAccepted() async throws {
        let fixture = try Self.card("2.2.2-3.1.0", features: [.profileDownload, .rpm])
        #expect(errorCode(try await authenticate(fixture, sessionContext: Self.context(Self.v310, .all))) == nil)
        #expect(await fixture.isdr.sessionAgreement
            == VersionNegotiation.Agreement(version: Self.v310, features: [.profileDownload, .rpm], announced: true))

        #expect(errorCode(try await authenticate(fixture, sessionContext: Self.context(Self.v300, [.profileDownload]))) == nil)
        #expect(await fixture.isdr.sessionAgreement
            == VersionNegotiation.Agreement(version: Self.v300, features: .profileDownload, announced: true))

        // A server without a feature list: the version's own features count.
        #expect(errorCode(try await authenticate(fixture, sessionContext: Self.context(Self.v310))) == nil)
        #expect(await fixture.isdr.sessionAgreement?.features == [.profileDownload, .rpm])

        // PrepareDownload continues the negotiated session as before.
        let ok = try await authenticate(fixture, sessionContext: Self.context(Self.v310))
        guard case .authenticateResponseOk(let signed) = ok else {
            Issue.record("refused")
            return
        }
        let prepared = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: signed.euiccSignature1.bytes))
        guard case .downloadResponseOk = prepared else {
            Issue.record("PrepareDownload refused: \(prepared)")
            return
        }
    }

    @Test(
        "a version above the range, below it, or the card's lowest named explicitly is refused with undefinedError and no session",
        arguments: ["3.2.0", "2.1.0", "2.2.2"])
    func versionNotOfferedRefused(version: String) async throws {
        let fixture = try Self.card("2.2.2-3.1.0")
        let response = try await authenticate(
            fixture, sessionContext: Self.context(try SpecificationVersion(parsing: version), .all))
        #expect(errorCode(response) == .undefinedError)
        #expect(await fixture.isdr.session == nil)
        // The session is gone: PrepareDownload has nothing to continue.
        let prepare = await fixture.isdr.prepareDownload(
            try fixture.smdp.prepareDownloadRequest(euiccSignature1: Array(repeating: 0, count: 64)))
        guard case .downloadResponseError = prepare else {
            Issue.record("PrepareDownload accepted after a refused AuthenticateServer")
            return
        }
    }

    @Test("a v2.2.2-only card refuses any sessionContext a v3 server might send it")
    func singleVersionCardRefusesAnnouncement() async throws {
        let fixture = try EUICCFixture()
        #expect(errorCode(try await authenticate(fixture, sessionContext: Self.context(Self.v310))) == .undefinedError)
        #expect(await fixture.isdr.session == nil)
    }

    @Test("a sessionContext changed after signing fails the signature check: invalidSignature, no session")
    func tamperedSessionContext() async throws {
        let fixture = try Self.card("2.2.2-3.1.0")
        let challenge = await fixture.isdr.getEuiccChallenge().euiccChallenge.bytes
        let genuine = try fixture.smdp.authenticateServerRequest(challenge: challenge, sessionContext: Self.context(Self.v310, .all))
        // serverSvn '80 03 03 01 00' → '80 03 03 00 00' (3.0.0, also in range); the signature stays.
        var bytes = genuine.serverSigned1.derBytes
        let svn: [UInt8] = [0x80, 0x03, 0x03, 0x01, 0x00]
        let at = try #require((0...(bytes.count - svn.count)).first { Array(bytes[$0..<$0 + svn.count]) == svn })
        bytes[at + 3] = 0x00
        var tampered = genuine
        tampered.serverSigned1 = try Encoded<ServerSigned1>(derBytes: bytes)
        #expect(tampered.serverSigned1.value.sessionContext?.serverSvn.bytes == [3, 0, 0])
        #expect(errorCode(await fixture.isdr.authenticateServer(tampered)) == .invalidSignature)
        #expect(await fixture.isdr.session == nil)
    }

    // MARK: Persistence

    @Test("the state file keeps the range and features; a state file from before negotiation loads as 2.2.2")
    func persistence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-euicc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try #require(EUICCFixture.sharedPKI)
        try RSPPKIDirectory.write(pki, to: directory)
        let file = EUICCStateFile(url: directory.appendingPathComponent(EUICCStateFile.defaultFileName))

        // What `openrsp euicc init --svn-range 2.2.2-3.1.0 --features profileDownload,rpm` writes.
        try file.save(EUICCState(supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"), features: [.profileDownload, .rpm]))
        let text = String(decoding: try Data(contentsOf: file.url), as: UTF8.self)
        #expect(text.contains("\"supportedVersions\" : \"2.2.2-3.1.0\""))
        #expect(text.contains("\"features\" : \"profileDownload,rpm\""))
        let isdr = try SoftwareEUICC.open(directory: directory).isdr
        #expect(await isdr.supportedVersions == (try VersionRange(lowest: Self.v222, highest: Self.v310)))
        #expect(await isdr.getEUICCInfo1().deviceFeatures == [.profileDownload, .rpm])
        // Any later change keeps them.
        _ = await isdr.setDefaultDpAddress(SetDefaultDpAddressRequest(defaultDpAddress: "dp.example.com"))
        #expect(try file.load()?.supportedVersions == (try VersionRange(lowest: Self.v222, highest: Self.v310)))
        #expect(try file.load()?.features == [.profileDownload, .rpm])

        // An old file (no such keys) is a 2.2.2 card, whatever a configuration would say for a new one.
        try Data(#"{"defaultDpAddress":"dp.example.com","nextSeqNumber":4,"notifications":[],"profiles":[]}"#.utf8).write(to: file.url)
        let old = try #require(try file.load())
        #expect(old.supportedVersions == VersionRange(Self.v222))
        #expect(old.features == .profileDownload)
        #expect(old.nextSeqNumber == 4)
        let reopened = try SoftwareEUICC.open(
            directory: directory,
            configuration: EUICCConfiguration(initialSupportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"))).isdr
        #expect(try await reopened.getEUICCInfo1().derEncoded()
            == EUICCInfo1(
                svn: [2, 2, 2], euiccCiPKIdListForVerification: [OctetString(TestSMDP(pki: pki).ciPKId)],
                euiccCiPKIdListForSigning: [OctetString(TestSMDP(pki: pki).ciPKId)]).derEncoded())
    }
}
