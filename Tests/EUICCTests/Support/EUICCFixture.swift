import Crypto
import Foundation
import RSPCore
import RSPCrypto
import X509

@testable import EUICC

/// A generated PKI, an eUICC on it and the matching test SM-DP+.
struct EUICCFixture {
    let pki: RSPPKI
    let identity: EUICCIdentity
    let smdp: TestSMDP
    let isdr: ISDR
    let storage: InMemoryEUICCStateStorage

    static let sharedPKI: RSPPKI? = try? RSPPKI.generate()

    init(
        configuration: EUICCConfiguration = EUICCConfiguration(), testSeams: TestSeams? = nil,
        storage: InMemoryEUICCStateStorage = InMemoryEUICCStateStorage()
    ) throws {
        let pki = try Self.sharedPKI ?? RSPPKI.generate()
        self.pki = pki
        identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        smdp = TestSMDP(pki: pki)
        self.storage = storage
        if let testSeams {
            isdr = try ISDR(identity: identity, configuration: configuration, storage: storage, testSeams: testSeams)
        } else {
            isdr = try ISDR(identity: identity, configuration: configuration, storage: storage)
        }
    }

    /// GetEuiccChallenge + AuthenticateServer; returns the eUICC's answer.
    func authenticate() async throws -> AuthenticateResponseOk {
        let challenge = await isdr.getEuiccChallenge().euiccChallenge.bytes
        let response = await isdr.authenticateServer(try smdp.authenticateServerRequest(challenge: challenge))
        guard case .authenticateResponseOk(let ok) = response else { throw FixtureError.unexpected("\(response)") }
        return ok
    }

    /// Authenticate + PrepareDownload; returns otPK.EUICC.
    func prepare() async throws -> [UInt8] {
        let ok = try await authenticate()
        let response = await isdr.prepareDownload(try smdp.prepareDownloadRequest(euiccSignature1: ok.euiccSignature1.bytes))
        guard case .downloadResponseOk(let prepared) = response else { throw FixtureError.unexpected("\(response)") }
        return prepared.euiccSigned2.value.euiccOtpk.bytes
    }

    /// A complete download of a profile with this metadata through the ISD-R's typed API.
    @discardableResult
    func install(_ metadata: StoreMetadataRequest) async throws -> ProfileInstallationResult {
        let otpk = try await prepare()
        let bpp = try smdp.boundProfilePackage(
            euiccOtpk: otpk, eid: identity.eid, metadata: metadata, upp: try ProfileFixtures.upp(iccid: metadata.iccid))
        guard case .finished(let result) = try await isdr.loadBoundProfilePackage(try bpp.derEncoded()) else {
            throw FixtureError.unexpected("installation did not finish")
        }
        return result
    }
}

enum FixtureError: Error { case unexpected(String) }

extension ProfileInstallationResult {
    var errorResult: ErrorResult? {
        if case .errorResult(let error) = profileInstallationResultData.value.finalResult { return error }
        return nil
    }
    var successResult: SuccessResult? {
        if case .successResult(let success) = profileInstallationResultData.value.finalResult { return success }
        return nil
    }
}
