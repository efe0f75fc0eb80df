import Crypto
import RSPCore
import RSPCrypto
import Testing
import X509

@testable import EUICC

@Suite("ES10b.LoadBoundProfilePackage installs a profile only when every step verifies")
struct LoadBoundProfilePackageTests {
    /// Prepares a session and returns the BPP bytes the test SM-DP+ binds for it.
    func preparedBPP(
        _ fixture: EUICCFixture, metadata: StoreMetadataRequest? = nil, upp: [UInt8]? = nil, transactionId: [UInt8]? = nil,
        remoteOpId: RemoteOpId = .installBoundProfilePackage
    ) async throws -> BoundProfilePackage {
        let otpk = try await fixture.prepare()
        let metadata = try metadata ?? fixture.smdp.metadata(iccid: ProfileFixtures.iccid(1))
        return try fixture.smdp.boundProfilePackage(
            euiccOtpk: otpk, eid: fixture.identity.eid, metadata: metadata,
            upp: try upp ?? ProfileFixtures.upp(iccid: metadata.iccid), transactionId: transactionId, remoteOpId: remoteOpId)
    }

    func load(_ fixture: EUICCFixture, _ bpp: BoundProfilePackage) async throws -> ProfileInstallationResult {
        guard case .finished(let result) = try await fixture.isdr.loadBoundProfilePackage(try bpp.derEncoded()) else {
            throw FixtureError.unexpected("installation did not finish")
        }
        return result
    }

    @Test("a genuine BPP installs a disabled profile and answers a signed success PIR kept as a notification")
    func installs() async throws {
        let fixture = try EUICCFixture()
        let result = try await load(fixture, try await preparedBPP(fixture))
        let success = try #require(result.successResult)
        #expect(success.aid.hex == "A0000005591010FFFFFFFF8900001000")
        try RSPSignature(rawRepresentation: result.euiccSignPIR.bytes).verify(
            result.profileInstallationResultData.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
        let data = result.profileInstallationResultData.value
        #expect(data.transactionId.bytes == fixture.smdp.transactionId)
        #expect(data.notificationMetadata.iccid == (try ProfileFixtures.iccid(1)))
        #expect(data.smdpOid == RSPOIDs.testSMDPRegisteredID)
        let state = await fixture.isdr.state
        #expect(state.profiles.map(\.iccid) == [try ProfileFixtures.iccid(1)])
        #expect(state.profiles.first?.state == .disabled)
        #expect(state.profiles.first?.configureISDP.dpProprietaryData?.dpOid == RSPOIDs.testSMDPRegisteredID)
        #expect(state.notifications.map(\.notification) == [.profileInstallationResult(result)])
        #expect(await fixture.isdr.isLoadingBoundProfilePackage == false)
    }

    @Test("the BPP may arrive split anywhere: 1, 7, 250 and 1000-byte pieces all install")
    func anySplit() async throws {
        for (index, pieceSize) in [1, 7, 250, 1000].enumerated() {
            let fixture = try EUICCFixture()
            let metadata = fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(10 + index))
            let bytes = try await preparedBPP(fixture, metadata: metadata).derEncoded()
            var finished: ProfileInstallationResult?
            for start in stride(from: 0, to: bytes.count, by: pieceSize) {
                let progress = try await fixture.isdr.loadBoundProfilePackage(Array(bytes[start..<min(start + pieceSize, bytes.count)]))
                if case .finished(let result) = progress {
                    #expect(start + pieceSize >= bytes.count, "finished before the last piece")
                    finished = result
                }
            }
            #expect(try #require(finished).successResult != nil)
            #expect(await fixture.isdr.state.profiles.count == 1)
        }
    }

    @Test("a tampered '86' segment is refused with scp03tSecurityError; nothing is installed and the session ends")
    func tamperedSegment() async throws {
        let fixture = try EUICCFixture()
        var bpp = try await preparedBPP(fixture)
        bpp.sequenceOf86[1].bytes[40] ^= 0x01
        let result = try await load(fixture, bpp)
        #expect(result.errorResult == ErrorResult(bppCommandId: .loadProfileElements, errorReason: .scp03tSecurityError))
        try RSPSignature(rawRepresentation: result.euiccSignPIR.bytes).verify(
            result.profileInstallationResultData.derBytes, publicKey: fixture.pki.euicc.certificate.p256SigningKey())
        #expect(await fixture.isdr.state.profiles.isEmpty)
        #expect(await fixture.isdr.state.notifications.count == 1)
        await #expect(throws: LoadBoundProfilePackageRefusal.noPreparedDownloadSession) {
            try await fixture.isdr.loadBoundProfilePackage(try bpp.derEncoded())
        }
    }

    @Test("a tampered StoreMetadata '88' (MAC only) is refused with scp03tSecurityError at storeMetadata")
    func tamperedMetadata() async throws {
        let fixture = try EUICCFixture()
        var bpp = try await preparedBPP(fixture)
        bpp.sequenceOf88[0].bytes[5] ^= 0x01
        let result = try await load(fixture, bpp)
        #expect(result.errorResult == ErrorResult(bppCommandId: .storeMetadata, errorReason: .scp03tSecurityError))
        #expect(await fixture.isdr.state.profiles.isEmpty)
    }

    @Test("an InitialiseSecureChannel for another transaction is refused: invalidTransactionId")
    func wrongTransactionId() async throws {
        let fixture = try EUICCFixture()
        let result = try await load(fixture, try await preparedBPP(fixture, transactionId: Array(repeating: 3, count: 16)))
        #expect(result.errorResult == ErrorResult(bppCommandId: .initialiseSecureChannel, errorReason: .invalidTransactionId))
    }

    @Test("a tampered smdpSign is refused: invalidSignature")
    func tamperedSmdpSign() async throws {
        let fixture = try EUICCFixture()
        var bpp = try await preparedBPP(fixture)
        bpp.initialiseSecureChannelRequest.smdpSign.bytes[3] ^= 0x01
        let result = try await load(fixture, bpp)
        #expect(result.errorResult == ErrorResult(bppCommandId: .initialiseSecureChannel, errorReason: .invalidSignature))
    }

    @Test("an unknown remote operation is refused: unsupportedRemoteOperationType")
    func unknownRemoteOperation() async throws {
        let fixture = try EUICCFixture()
        let result = try await load(fixture, try await preparedBPP(fixture, remoteOpId: RemoteOpId(rawValue: 2)))
        #expect(result.errorResult == ErrorResult(bppCommandId: .initialiseSecureChannel, errorReason: .unsupportedRemoteOperationType))
    }

    @Test("an ICCID already on the eUICC is refused: installFailedDueToIccidAlreadyExistsOnEuicc")
    func iccidAlreadyInstalled() async throws {
        let fixture = try EUICCFixture()
        _ = try await load(fixture, try await preparedBPP(fixture))
        let result = try await load(fixture, try await preparedBPP(fixture))
        #expect(result.errorResult == ErrorResult(bppCommandId: .storeMetadata, errorReason: .installFailedDueToIccidAlreadyExistsOnEuicc))
        #expect(await fixture.isdr.state.profiles.count == 1)
    }

    @Test("a profile whose header ICCID is not the metadata's is refused: installFailedDueToIccidMismatch")
    func iccidMismatch() async throws {
        let fixture = try EUICCFixture()
        let result = try await load(fixture, try await preparedBPP(fixture, upp: try ProfileFixtures.upp(iccid: try ProfileFixtures.iccid(2))))
        #expect(result.errorResult == ErrorResult(bppCommandId: .loadProfileElements, errorReason: .installFailedDueToIccidMismatch))
        #expect(await fixture.isdr.state.profiles.isEmpty)
    }

    @Test("profile elements that are not a profile package are refused: installFailedDueToPEProcessingError")
    func notAProfilePackage() async throws {
        let fixture = try EUICCFixture()
        let result = try await load(fixture, try await preparedBPP(fixture, upp: [0x30, 0x03, 0x02, 0x01, 0x00]))
        #expect(result.errorResult == ErrorResult(bppCommandId: .loadProfileElements, errorReason: .installFailedDueToPEProcessingError))
    }

    @Test("PPRs the Rules Authorisation Table does not allow are refused: pprNotAllowed; a matching rule allows them")
    func pprsNeedTheRAT() async throws {
        let owner = try OperatorID(mcc: "001", mnc: "01")
        let refused = try EUICCFixture()
        let metadata = refused.smdp.metadata(iccid: try ProfileFixtures.iccid(3), pprs: [PprIdsBit.ppr1], owner: owner)
        let result = try await load(refused, try await preparedBPP(refused, metadata: metadata))
        #expect(result.errorResult == ErrorResult(bppCommandId: .storeMetadata, errorReason: .pprNotAllowed))

        let rule = ProfilePolicyAuthorisationRule(
            pprIds: BitString(bits: [PprIdsBit.ppr1, PprIdsBit.ppr2]), allowedOperators: [OperatorID(mccMnc: [0x00, 0xEE, 0xEE])],
            pprFlags: BitString(bits: []))
        let allowed = try EUICCFixture(configuration: EUICCConfiguration(rulesAuthorisationTable: [rule]))
        let installed = try await load(allowed, try await preparedBPP(allowed, metadata: metadata))
        #expect(installed.successResult != nil)
    }

    @Test("a full eUICC refuses another profile: installFailedDueToInsufficientMemoryForProfile")
    func full() async throws {
        let fixture = try EUICCFixture(configuration: EUICCConfiguration(maximumProfiles: 1))
        _ = try await load(fixture, try await preparedBPP(fixture))
        let metadata = fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(4))
        let result = try await load(fixture, try await preparedBPP(fixture, metadata: metadata))
        #expect(result.errorResult == ErrorResult(bppCommandId: .configureISDP, errorReason: .installFailedDueToInsufficientMemoryForProfile))
    }

    @Test("without PrepareDownload a BPP is refused before any processing")
    func noPreparedSession() async throws {
        let fixture = try EUICCFixture()
        _ = try await fixture.authenticate()
        await #expect(throws: LoadBoundProfilePackageRefusal.noPreparedDownloadSession) {
            try await fixture.isdr.loadBoundProfilePackage([0xBF, 0x36, 0x00])
        }
    }

    @Test("structurally broken BPP bytes end in scp03tStructureError, never a crash")
    func brokenStructure() async throws {
        for broken: [UInt8] in [[0x30, 0x00], [0xBF, 0x36, 0x03, 0xA5, 0x01, 0x00], [0xBF, 0x36, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0xBF, 0x36, 0x02, 0xBF, 0x23, 0x10]] {
            let fixture = try EUICCFixture()
            _ = try await fixture.prepare()
            let progress = try await fixture.isdr.loadBoundProfilePackage(broken)
            guard case .finished(let result) = progress else {
                Issue.record("\(broken.hexString) was not refused")
                continue
            }
            #expect(result.errorResult?.errorReason == .scp03tStructureError, "\(broken.hexString)")
            #expect(await fixture.isdr.state.profiles.isEmpty)
        }
    }

    @Test("the one-time private key is erased once InitialiseSecureChannel has used it")
    func oneTimeKeyErased() async throws {
        let fixture = try EUICCFixture()
        let bytes = try await preparedBPP(fixture).derEncoded()
        let first = try #require(try TestLPA.storeDataSequences(of: bytes).first)  // 'BF36' header + the whole 'BF23'
        let header = first
        #expect(try await fixture.isdr.loadBoundProfilePackage(header) == .needMoreData)
        let installation = try #require(await fixture.isdr.installation)
        #expect(installation.step == .configureISDP)
        #expect(await fixture.isdr.session?.prepared?.oneTimeKey == nil)
        #expect(String(describing: installation).contains("<redacted>"))
    }
}
