import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPTestSupport
import SwiftASN1
import Testing
import X509

@testable import EUICC

/// The cross-implementation acceptance test: the pySim SM-DP+'s recorded messages, fed to OpenRSP's
/// eUICC loaded with the recorded eUICC identity, install the recorded Bound Profile Package.
@Suite("Recorded pySim session: the software eUICC accepts it and installs the profile")
struct RecordedSessionInstallationTests {
    static let sessionDate = ISO8601DateFormatter().date(from: "2026-11-21T23:44:37Z") ?? Date()
    static let eid = "89049032123451234512345678901235"

    let recordedAuthenticateOk: AuthenticateResponseOk
    let recordedPrepareOk: PrepareDownloadResponseOk
    let identity: EUICCIdentity

    init() throws {
        guard case .authenticateResponseOk(let ok) = try AuthenticateServerResponse(
            derBytes: try Vectors.base64Field("authenticateServerResponse", of: "messages/02-authenticateClient.req.json"))
        else { throw FixtureError.unexpected("recorded AuthenticateServerResponse is an error") }
        recordedAuthenticateOk = ok
        guard case .downloadResponseOk(let prepared) = try PrepareDownloadResponse(
            derBytes: try Vectors.base64Field("prepareDownloadResponse", of: "messages/03-getBoundProfilePackage.req.json"))
        else { throw FixtureError.unexpected("recorded PrepareDownloadResponse is an error") }
        recordedPrepareOk = prepared
        let pki = Vectors.session.appendingPathComponent("pki")
        identity = try EUICCIdentity.load(
            eid: try EID(digits: Self.eid),
            euiccCertificate: pki.appendingPathComponent("CERT_EUICC_ECDSA_NIST.der"),
            euiccPrivateKey: pki.appendingPathComponent("SK_EUICC_ECDSA_NIST.pem"),
            eumCertificate: pki.appendingPathComponent("CERT_EUM_ECDSA_NIST.der"),
            ciCertificates: [pki.appendingPathComponent("CERT_CI_ECDSA_NIST.der")],
            at: Self.sessionDate)
    }

    /// The eUICC with the recorded challenge and one-time key (test seam), the recorded card's
    /// EUICCInfo2, and the session's date as its clock.
    func card(replayRecordedSignature: Bool) throws -> SoftwareEUICC {
        let secrets = try Vectors.json("session-secrets.json")
        let scalar = try #require((secrets["euicc_otSK_scalar_hex"] as? String).flatMap { [UInt8](hex: $0) })
        let seams = TestSeams(
            fixedChallenge: try Vectors.base64Field("euiccChallenge", of: "messages/01-initiateAuthentication.req.json"),
            fixedOneTimeKey: try P256.KeyAgreement.PrivateKey(rawRepresentation: scalar),
            replayableSignatures: replayRecordedSignature ? [recordedAuthenticateOk.euiccSignature1.bytes] : [])
        let isdr = try ISDR(
            identity: identity,
            configuration: EUICCConfiguration(euiccInfo2Template: recordedAuthenticateOk.euiccSigned1.value.euiccInfo2),
            environment: EUICCEnvironment(now: { Self.sessionDate }), testSeams: seams)
        return SoftwareEUICC(isdr: isdr)
    }

    func recordedAuthenticateServerRequest() throws -> AuthenticateServerRequest {
        let body = "messages/01-initiateAuthentication.resp.json"
        return AuthenticateServerRequest(
            serverSigned1: try Encoded<ServerSigned1>(derBytes: try Vectors.base64Field("serverSigned1", of: body)),
            serverSignature1: OctetString(try RSPSignature(dataObject: try Vectors.base64Field("serverSignature1", of: body)).rawRepresentation),
            euiccCiPKIdToBeUsed: try OctetString(derBytes: try Vectors.base64Field("euiccCiPKIdToBeUsed", of: body)),
            serverCertificate: try CertificateDER(derBytes: try Vectors.base64Field("serverCertificate", of: body)),
            ctxParams1: recordedAuthenticateOk.euiccSigned1.value.ctxParams1)
    }

    func recordedPrepareDownloadRequest() throws -> PrepareDownloadRequest {
        let body = "messages/02-authenticateClient.resp.json"
        return PrepareDownloadRequest(
            smdpSigned2: try Encoded<SmdpSigned2>(derBytes: try Vectors.base64Field("smdpSigned2", of: body)),
            smdpSignature2: OctetString(try RSPSignature(dataObject: try Vectors.base64Field("smdpSignature2", of: body)).rawRepresentation),
            smdpCertificate: try CertificateDER(derBytes: try Vectors.base64Field("smdpCertificate", of: body)))
    }

    @Test("the recorded session authenticates, prepares and installs profile 8949449999999990171F through the APDU front")
    func installsRecordedProfile() async throws {
        let card = try card(replayRecordedSignature: true)
        #expect(try await card.reset().first == 0x3B)
        let lpa = TestLPA(card: card)
        try await lpa.selectISDR()
        let euiccKey = try identity.euicc.certificate.p256SigningKey()

        // GetEuiccChallenge: the recorded challenge (test seam).
        let challenge = try GetEuiccChallengeResponse(derBytes: try await lpa.es10(try GetEuiccChallengeRequest().derEncoded()))
        #expect(challenge.euiccChallenge.bytes == (try Vectors.base64Field("euiccChallenge", of: "messages/01-initiateAuthentication.req.json")))

        // AuthenticateServer: the eUICC builds euiccSigned1 byte for byte as the recorded card did.
        let authenticate = try AuthenticateServerResponse(derBytes: try await lpa.es10(try recordedAuthenticateServerRequest().derEncoded()))
        guard case .authenticateResponseOk(let ok) = authenticate else {
            Issue.record("AuthenticateServer refused: \(authenticate)")
            return
        }
        #expect(ok.euiccSigned1.derBytes == recordedAuthenticateOk.euiccSigned1.derBytes)
        try RSPSignature(rawRepresentation: ok.euiccSignature1.bytes).verify(ok.euiccSigned1.derBytes, publicKey: euiccKey)
        #expect(ok.euiccCertificate == recordedAuthenticateOk.euiccCertificate)
        #expect(ok.eumCertificate == recordedAuthenticateOk.eumCertificate)

        // PrepareDownload with the recorded smdpSigned2 / smdpSignature2 / CERT.DPpb.
        let prepare = try PrepareDownloadResponse(derBytes: try await lpa.es10(try recordedPrepareDownloadRequest().derEncoded()))
        guard case .downloadResponseOk(let prepared) = prepare else {
            Issue.record("PrepareDownload refused: \(prepare)")
            return
        }
        #expect(prepared.euiccSigned2.derBytes == recordedPrepareOk.euiccSigned2.derBytes)
        try RSPSignature(rawRepresentation: prepared.euiccSignature2.bytes).verify(
            try SignedData.euiccSignature2(
                euiccSigned2: prepared.euiccSigned2.derBytes,
                smdpSignature2: try recordedPrepareDownloadRequest().smdpSignature2.bytes),
            publicKey: euiccKey)

        // LoadBoundProfilePackage: bpp.der in LPA-style STORE DATA sequences.
        let sequences = try TestLPA.storeDataSequences(of: try Vectors.bytes("bpp.der"))
        // 'BF36'+'BF23'; 'A0' + one '87'; 'A1' + one '88'; 'A2' + one '87'; 'A3' + thirteen '86'.
        #expect(sequences.count == 21)
        var answers: [[UInt8]] = []
        for sequence in sequences { answers.append(try await lpa.es10(sequence)) }
        #expect(answers.dropLast().allSatisfy { $0.isEmpty })
        let result = try ProfileInstallationResult(derBytes: try #require(answers.last))
        let data = result.profileInstallationResultData
        try RSPSignature(rawRepresentation: result.euiccSignPIR.bytes)
            .verify(SignedData.euiccSignPIR(profileInstallationResultData: data.derBytes), publicKey: euiccKey)
        #expect(data.value.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        let success = try #require(result.successResult)
        #expect(success.aid.hex == "A0000005591010FFFFFFFF8900001000")
        #expect(data.value.smdpOid == RSPOIDs.testSMDPRegisteredID)
        #expect(data.value.notificationMetadata.notificationAddress == "testsmdpplus1.example.com")
        #expect(data.value.notificationMetadata.profileManagementOperation.contains(.notificationInstall))

        // The recorded PIR's success result is the same one this eUICC gives.
        guard case .profileInstallationResult(let recordedPIR) = try PendingNotification(
            derBytes: try Vectors.base64Field("pendingNotification", of: "messages/04-handleNotification.req.json"))
        else { throw FixtureError.unexpected("recorded notification") }
        #expect(recordedPIR.successResult == success)

        // The profile is installed, disabled, with the recorded UPP.
        let profiles = try ProfileInfoListResponse(derBytes: try await lpa.es10(try ProfileInfoListRequest().derEncoded()))
        guard case .profileInfoListOk(let list) = profiles else {
            Issue.record("GetProfilesInfo failed: \(profiles)")
            return
        }
        #expect(list.count == 1)
        #expect(list.first?.iccid?.paddedDigits == "8949449999999990171F")
        #expect(list.first?.profileState == .disabled)
        #expect(list.first?.profileName == "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        #expect(await card.isdr.state.profiles.first?.profileElements == (try Vectors.bytes("bpp-plaintext/upp.der")))

        // The PIR waits as a pending notification.
        let pending = try RetrieveNotificationsListResponse(derBytes: try await lpa.es10(try RetrieveNotificationsListRequest().derEncoded()))
        #expect(pending == .notificationList([.profileInstallationResult(result)]))
    }

    @Test("without the recorded euiccSignature1 the recorded smdpSignature2 no longer verifies: PrepareDownload answers invalidSignature")
    func smdpSignature2CoversThisEuiccSignature1() async throws {
        let card = try card(replayRecordedSignature: false)
        _ = await card.isdr.getEuiccChallenge()
        guard case .authenticateResponseOk(let ok) = await card.isdr.authenticateServer(try recordedAuthenticateServerRequest()) else {
            Issue.record("AuthenticateServer refused")
            return
        }
        #expect(ok.euiccSigned1.derBytes == recordedAuthenticateOk.euiccSigned1.derBytes)
        #expect(ok.euiccSignature1 != recordedAuthenticateOk.euiccSignature1)
        let response = await card.isdr.prepareDownload(try recordedPrepareDownloadRequest())
        #expect(response == .downloadResponseError(PrepareDownloadResponseError(
            transactionId: try #require(OctetString(hex: "A136211522C14BB6BC73A8B4B67B8F30")), downloadErrorCode: .invalidSignature)))
    }

    @Test("the recorded session is refused when the eUICC's clock is past CERT.DPauth's validity")
    func expiredServerCertificate() async throws {
        let isdr = try ISDR(
            identity: identity,
            environment: EUICCEnvironment(now: { Date(timeIntervalSince1970: 4_200_000_000) }),
            testSeams: TestSeams(fixedChallenge: try Vectors.base64Field("euiccChallenge", of: "messages/01-initiateAuthentication.req.json")))
        _ = await isdr.getEuiccChallenge()
        let response = await isdr.authenticateServer(try recordedAuthenticateServerRequest())
        guard case .authenticateResponseError(let error) = response else {
            Issue.record("an expired server certificate was accepted")
            return
        }
        #expect(error.authenticateErrorCode == .invalidCertificate)
    }
}
