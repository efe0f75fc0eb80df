import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPTestSupport
import SwiftASN1
import Testing
import X509

/// The 13 checks of `verification.txt`, done with OpenRSP's own message types, validator,
/// signature code and BSP — on a session recorded between two programs written by someone else.
@Suite("Recorded pySim session: all checks of verification.txt hold with OpenRSP's code")
struct RecordedSessionVerificationTests {
    /// The session ran on 2026-11-21; certificates are validated at that instant.
    static let sessionDate = ISO8601DateFormatter().date(from: "2026-11-21T23:44:37Z") ?? Date()

    let ci: Certificate
    let initiateRequest: [String: Any]
    let initiateResponse: [String: Any]
    let authenticateServerResponse: AuthenticateServerResponse
    let authenticateClientResponse: [String: Any]
    let prepareDownloadResponse: PrepareDownloadResponse
    let bpp: BoundProfilePackage

    init() throws {
        ci = try Certificate(derEncoded: try Vectors.bytes("pki/CERT_CI_ECDSA_NIST.der"))
        initiateRequest = try Vectors.json("messages/01-initiateAuthentication.req.json")
        initiateResponse = try Vectors.json("messages/01-initiateAuthentication.resp.json")
        authenticateServerResponse = try AuthenticateServerResponse(
            derBytes: try Vectors.base64Field("authenticateServerResponse", of: "messages/02-authenticateClient.req.json"))
        authenticateClientResponse = try Vectors.json("messages/02-authenticateClient.resp.json")
        prepareDownloadResponse = try PrepareDownloadResponse(
            derBytes: try Vectors.base64Field("prepareDownloadResponse", of: "messages/03-getBoundProfilePackage.req.json"))
        bpp = try BoundProfilePackage(derBytes: try Vectors.bytes("bpp.der"))
    }

    func field(_ name: String, _ body: String) throws -> [UInt8] {
        try Vectors.base64Field(name, of: body)
    }

    var authenticateOk: AuthenticateResponseOk {
        get throws {
            guard case .authenticateResponseOk(let ok) = authenticateServerResponse else {
                throw SignatureError.malformedSignedMessage("recorded AuthenticateServerResponse is an error")
            }
            return ok
        }
    }

    var prepareOk: PrepareDownloadResponseOk {
        get throws {
            guard case .downloadResponseOk(let ok) = prepareDownloadResponse else {
                throw SignatureError.malformedSignedMessage("recorded PrepareDownloadResponse is an error")
            }
            return ok
        }
    }

    @Test("1-5: CERT.DPauth chains to the CI, serverSignature1 is a 5F3740 DO over serverSigned1, and binds the transaction and challenge")
    func serverAuthentication() throws {
        let body = "messages/01-initiateAuthentication.resp.json"
        let dpAuth = try Certificate(derEncoded: try field("serverCertificate", body))
        let chain = try RSPChainValidator.validate(leaf: dpAuth, trustAnchors: [ci], role: .dpAuth, at: Self.sessionDate)
        #expect(chain.ci == ci)

        let signatureDO = try field("serverSignature1", body)
        #expect(Array(signatureDO.prefix(3)) == [0x5F, 0x37, 0x40])
        let signature = try RSPSignature(dataObject: signatureDO)
        let serverSigned1Bytes = try field("serverSigned1", body)
        try signature.verify(SignedData.serverSignature1(serverSigned1: serverSigned1Bytes), publicKey: try dpAuth.p256SigningKey())

        let serverSigned1 = try ServerSigned1(derBytes: serverSigned1Bytes)
        #expect(serverSigned1.transactionId.hex == initiateResponse["transactionId"] as? String)
        #expect(serverSigned1.euiccChallenge.bytes == (try Vectors.base64Field("euiccChallenge", of: "messages/01-initiateAuthentication.req.json")))
        #expect(serverSigned1.serverAddress == initiateRequest["smdpAddress"] as? String)
    }

    @Test("6-8: the EUM chains to the CI, the eUICC to the EUM with its EID in range, and euiccSignature1 covers euiccSigned1 as sent")
    func euiccAuthentication() throws {
        let ok = try authenticateOk
        let euicc = try Certificate(derEncoded: ok.euiccCertificate.derBytes)
        let eum = try Certificate(derEncoded: ok.eumCertificate.derBytes)
        let chain = try RSPChainValidator.validate(
            leaf: euicc, intermediates: [eum], trustAnchors: [ci], role: .euicc, at: Self.sessionDate)
        #expect(chain.eid?.digits == "89049032123451234512345678901235")
        #expect(chain.path.count == 3)

        try RSPSignature(rawRepresentation: ok.euiccSignature1.bytes)
            .verify(SignedData.euiccSignature1(euiccSigned1: ok.euiccSigned1.derBytes), publicKey: try euicc.p256SigningKey())
        #expect(ok.euiccSigned1.value.serverChallenge.hex == (try ServerSigned1(
            derBytes: try field("serverSigned1", "messages/01-initiateAuthentication.resp.json")).serverChallenge.hex))
    }

    @Test("9-11: CERT.DPpb chains to the CI; smdpSignature2 and euiccSignature2 cover their signed parts and the previous signature DO")
    func downloadPreparation() throws {
        let body = "messages/02-authenticateClient.resp.json"
        let dpPb = try Certificate(derEncoded: try field("smdpCertificate", body))
        _ = try RSPChainValidator.validate(leaf: dpPb, trustAnchors: [ci], role: .dpPb, at: Self.sessionDate)

        let ok = try authenticateOk
        let smdpSignature2 = try RSPSignature(dataObject: try field("smdpSignature2", body))
        try smdpSignature2.verify(
            try SignedData.smdpSignature2(smdpSigned2: try field("smdpSigned2", body), euiccSignature1: ok.euiccSignature1.bytes),
            publicKey: try dpPb.p256SigningKey())

        let prepare = try prepareOk
        let euicc = try Certificate(derEncoded: ok.euiccCertificate.derBytes)
        try RSPSignature(rawRepresentation: prepare.euiccSignature2.bytes).verify(
            try SignedData.euiccSignature2(
                euiccSigned2: prepare.euiccSigned2.derBytes, smdpSignature2: smdpSignature2.rawRepresentation),
            publicKey: try euicc.p256SigningKey())
    }

    @Test("12: the InitialiseSecureChannel smdpSign covers remoteOpId..smdpOtpk ‖ 5F49 euiccOtpk (DPpb)")
    func initialiseSecureChannel() throws {
        let dpPb = try Certificate(derEncoded: try field("smdpCertificate", "messages/02-authenticateClient.resp.json"))
        let euiccOtpk = try prepareOk.euiccSigned2.value.euiccOtpk.bytes
        let (signed, smdpSign) = try SignedData.initialiseSecureChannelSmdpSign(
            initialiseSecureChannelRequest: try bpp.initialiseSecureChannelRequest.derEncoded(), euiccOtpk: euiccOtpk)
        #expect(smdpSign == bpp.initialiseSecureChannelRequest.smdpSign.bytes)
        try RSPSignature(rawRepresentation: smdpSign).verify(signed, publicKey: try dpPb.p256SigningKey())
    }

    @Test("13: euiccSignPIR covers ProfileInstallationResultData as sent")
    func profileInstallationResult() throws {
        let notification = try PendingNotification(
            derBytes: try field("pendingNotification", "messages/04-handleNotification.req.json"))
        guard case .profileInstallationResult(let result) = notification else {
            Issue.record("recorded notification is not a ProfileInstallationResult")
            return
        }
        let euicc = try Certificate(derEncoded: try authenticateOk.euiccCertificate.derBytes)
        try RSPSignature(rawRepresentation: result.euiccSignPIR.bytes).verify(
            SignedData.euiccSignPIR(profileInstallationResultData: result.profileInstallationResultData.derBytes),
            publicKey: try euicc.p256SigningKey())
        #expect(result.profileInstallationResultData.value.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
    }

    /// The session keys the eUICC derives: ECKA(otSK.EUICC, otPK.DP) then the KDF with the CRT's hostId and the EID.
    func sessionKeys() throws -> SessionKeys {
        let secrets = try Vectors.json("session-secrets.json")
        let scalar = try #require((secrets["euicc_otSK_scalar_hex"] as? String).flatMap { [UInt8](hex: $0) })
        let otSK = try P256.KeyAgreement.PrivateKey(rawRepresentation: scalar)
        #expect(ECKA.uncompressed(otSK.publicKey) == (try prepareOk.euiccSigned2.value.euiccOtpk.bytes))
        let iscr = bpp.initialiseSecureChannelRequest
        return try SessionKeys.derive(
            oneTimePrivateKey: otSK, peerOneTimePublicKey: iscr.smdpOtpk.bytes,
            hostId: iscr.controlRefTemplate.hostId.bytes, eid: try EID(digits: "89049032123451234512345678901235").bytes)
    }

    @Test("14: bpp.der decrypts and MAC-verifies to the recorded ConfigureISDP, StoreMetadata and UPP (SHA-256)")
    func boundProfilePackage() throws {
        let contents = try bpp.open(sessionKeys: try sessionKeys())
        #expect(contents.configureISDP == (try Vectors.bytes("bpp-plaintext/configureISDPRequest.der")))
        #expect(contents.storeMetadata == (try Vectors.bytes("bpp-plaintext/storeMetadataRequest.der")))
        #expect(contents.profileElements == (try Vectors.bytes("bpp-plaintext/upp.der")))
        let secrets = try Vectors.json("session-secrets.json")
        #expect(SHA256.hash(data: contents.profileElements).map { String(format: "%02x", $0) }.joined()
            == secrets["upp_sha256"] as? String)
        let keys = try ReplaceSessionKeysRequest(derBytes: try #require(contents.replaceSessionKeys))
        #expect(keys.ppkEnc.hex == "00000000000000000000000000000000")
    }

    @Test("OpenRSP's BPP builder, given the session's keys and plaintexts, reproduces bpp.der byte for byte")
    func builderReproducesRecording() throws {
        let keys = try sessionKeys()
        let contents = try bpp.open(sessionKeys: keys)
        let rebuilt = try BoundProfilePackage.bind(
            initialiseSecureChannel: bpp.initialiseSecureChannelRequest, sessionKeys: keys, contents: contents)
        #expect(try rebuilt.derEncoded() == (try Vectors.bytes("bpp.der")))
        #expect(try rebuilt.open(sessionKeys: keys) == contents)
    }

    @Test("a tampered BPP segment or a wrong EID is refused with a MAC error, never a crash")
    func tamperedBPP() throws {
        let keys = try sessionKeys()
        var tampered = bpp
        tampered.sequenceOf86[5].bytes[100] ^= 0x01
        #expect(throws: BSPError.macMismatch) { try tampered.open(sessionKeys: keys) }

        let iscr = bpp.initialiseSecureChannelRequest
        let secrets = try Vectors.json("session-secrets.json")
        let scalar = try #require((secrets["euicc_otSK_scalar_hex"] as? String).flatMap { [UInt8](hex: $0) })
        let wrongEID = try SessionKeys.derive(
            oneTimePrivateKey: try P256.KeyAgreement.PrivateKey(rawRepresentation: scalar), peerOneTimePublicKey: iscr.smdpOtpk.bytes,
            hostId: iscr.controlRefTemplate.hostId.bytes, eid: try EID(prefix: "89049032", individualNumber: 42).bytes)
        #expect(throws: BSPError.macMismatch) { try bpp.open(sessionKeys: wrongEID) }
    }
}
