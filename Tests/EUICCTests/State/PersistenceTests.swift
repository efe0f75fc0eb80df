import Foundation
import RSPCore
import RSPCrypto
import Testing

@testable import EUICC

@Suite("The eUICC's state survives a reopen; secrets of the session never reach the file")
struct PersistenceTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-euicc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("profiles, states, nicknames, notifications, seqNumbers and the default SM-DP+ address survive a reopen")
    func reopen() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try #require(EUICCFixture.sharedPKI)
        try RSPPKIDirectory.write(pki, to: directory)

        let card = try SoftwareEUICC.open(directory: directory)
        let isdr = card.isdr
        let smdp = TestSMDP(pki: pki)
        let identity = isdr.identity
        #expect(identity.eid == (try RSPChainValidator.validate(
            leaf: pki.euicc.certificate, intermediates: [pki.eum.certificate], trustAnchors: [pki.ci.certificate], role: .euicc).eid))

        #expect(await isdr.setDefaultDpAddress(SetDefaultDpAddressRequest(defaultDpAddress: "first.example.com")).setDefaultDpAddressResult == .ok)
        // One download, with the one-time key observed in the session (to look for it in the file).
        let challenge = await isdr.getEuiccChallenge().euiccChallenge.bytes
        guard case .authenticateResponseOk(let ok) = await isdr.authenticateServer(try smdp.authenticateServerRequest(challenge: challenge)),
            case .downloadResponseOk(let prepared) = await isdr.prepareDownload(try smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes))
        else {
            Issue.record("session refused")
            return
        }
        let oneTimeKey = try #require(await isdr.session?.prepared?.oneTimeKey)
        let metadata = smdp.metadata(iccid: try ProfileFixtures.iccid(1))
        let bpp = try smdp.boundProfilePackage(
            euiccOtpk: prepared.euiccSigned2.value.euiccOtpk.bytes, eid: identity.eid, metadata: metadata,
            upp: try ProfileFixtures.upp(iccid: metadata.iccid))
        let sequences = try TestLPA.storeDataSequences(of: try bpp.derEncoded())
        // Stop half-way: the file must not contain the one-time key even mid-installation.
        for sequence in sequences.prefix(3) { _ = try await isdr.loadBoundProfilePackage(sequence) }
        let midFile = try Data(contentsOf: directory.appendingPathComponent(EUICCStateFile.defaultFileName))
        for sequence in sequences.dropFirst(3) { _ = try await isdr.loadBoundProfilePackage(sequence) }

        _ = await isdr.enableProfile(EnableProfileRequest(profileIdentifier: .iccid(metadata.iccid), refreshFlag: false))
        _ = await isdr.setNickname(SetNicknameRequest(iccid: metadata.iccid, profileNickname: "Daily"))
        _ = await isdr.setDefaultDpAddress(SetDefaultDpAddressRequest(defaultDpAddress: "dp.example.com"))
        let before = await isdr.state
        #expect(before.profiles.count == 1)
        #expect(before.notifications.count == 2)

        let reopened = try SoftwareEUICC.open(directory: directory).isdr
        let after = await reopened.state
        #expect(after == before)
        #expect(after.profiles.first?.state == .enabled)
        #expect(after.profiles.first?.nickname == "Daily")
        #expect(after.nextSeqNumber == 3)
        #expect(await reopened.getEuiccConfiguredAddresses().defaultDpAddress == "dp.example.com")
        #expect(await reopened.isLoadingBoundProfilePackage == false)

        // No one-time private key, in any encoding, ever reached the file.
        let file = try Data(contentsOf: directory.appendingPathComponent(EUICCStateFile.defaultFileName))
        let secret = oneTimeKey.rawRepresentation
        for bytes in [file, midFile] {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(bytes.range(of: secret) == nil)
            #expect(!text.contains(Array(secret).hexString))
            #expect(!text.lowercased().contains(Array(secret).hexString.lowercased()))
            #expect(!text.contains(secret.base64EncodedString()))
            #expect(!text.contains(Data(pki.euicc.privateKey.rawRepresentation).base64EncodedString()))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(EUICCStateFile.defaultFileName).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("a corrupt state file is reported, not silently replaced")
    func corruptFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = EUICCStateFile(url: directory.appendingPathComponent(EUICCStateFile.defaultFileName))
        try Data("{\"profiles\": 7}".utf8).write(to: file.url)
        #expect(throws: EUICCStateFile.Failure.self) { try file.load() }
    }

    @Test("a state that cannot be saved is not applied")
    func failedSaveChangesNothing() async throws {
        struct BrokenStorage: EUICCStateStorage {
            struct Broken: Error {}
            func load() throws -> EUICCState? { nil }
            func save(_ state: EUICCState) throws { throw Broken() }
        }
        let pki = try #require(EUICCFixture.sharedPKI)
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let isdr = try ISDR(identity: identity, storage: BrokenStorage())
        let response = await isdr.setDefaultDpAddress(SetDefaultDpAddressRequest(defaultDpAddress: "dp.example.com"))
        #expect(response.setDefaultDpAddressResult == .undefinedError)
        #expect(await isdr.state.defaultDpAddress == nil)
    }

    @Test("an identity whose eUICC certificate is not from the EUM is refused at load")
    func wrongIdentity() async throws {
        let pki = try #require(EUICCFixture.sharedPKI)
        let other = try RSPPKI.generate()
        #expect(throws: EUICCIdentity.Failure.self) {
            try EUICCIdentity(euicc: pki.euicc, eumCertificate: other.eum.certificate, signingCI: other.ci.certificate)
        }
    }
}
