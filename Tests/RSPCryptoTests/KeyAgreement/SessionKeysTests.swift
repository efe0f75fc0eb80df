import Crypto
import RSPCrypto
import Testing

@Suite("ECKA and the X9.63 KDF that give the BSP session keys")
struct SessionKeysTests {
    typealias V = RecordedSession

    /// Keys derived from the recorded Z with SharedInfo = 88 10 08 ‖ hostId ‖ 10 ‖ EID
    /// (initial MCV ‖ S-ENC ‖ S-MAC), computed independently with Python's cryptography X963KDF.
    let recordedKeys =
        "89986191159763c126ac3c4900c306fa9cb9fcfc3637eb2321c5b189309846afc40af95f19f1df77b54f0b0da8aaf6a4"
    /// The first '87' segment of the recorded BPP (ConfigureISDP).
    let firstSegment87 = "8718297303bba51be9706877263762de43ffba282e22709a4332"

    func recordedOtSK() throws -> P256.KeyAgreement.PrivateKey {
        try P256.KeyAgreement.PrivateKey(rawRepresentation: try V.bytes(V.euiccOtSKScalar))
    }

    @Test("ECDH of the recorded eUICC one-time key with smdpOtpk gives the recorded shared secret")
    func recordedSharedSecret() throws {
        let z = try ECKA.sharedSecret(privateKey: try recordedOtSK(), peerPublicKey: try V.bytes(V.smdpOtpk))
        #expect(z.rawBytes == (try V.bytes(V.sharedSecret)))
        // The recorded private key belongs to the euiccOtpk sent in euiccSigned2.
        #expect(ECKA.uncompressed(try recordedOtSK().publicKey) == (try V.bytes(V.euiccOtpk)))
    }

    @Test("SharedInfo is keyType 88 ‖ keyLen 10 ‖ hostId-LV ‖ EID-LV")
    func sharedInfo() throws {
        let info = try SessionKeys.sharedInfo(hostId: try V.bytes(V.hostId), eid: try V.bytes(V.eid))
        #expect(info == (try V.bytes("8810" + "08" + V.hostId + "10" + V.eid)))
    }

    @Test("the X9.63 KDF over the recorded secret gives the initial MCV, S-ENC and S-MAC in that order")
    func recordedKeyDerivation() throws {
        let keys = try SessionKeys.derive(
            oneTimePrivateKey: try recordedOtSK(), peerOneTimePublicKey: try V.bytes(V.smdpOtpk),
            hostId: try V.bytes(V.hostId), eid: try V.bytes(V.eid))
        let expected = try V.bytes(recordedKeys)
        #expect(keys.initialMacChainingValue == Array(expected[0..<16]))
        #expect(keys.sEnc == Array(expected[16..<32]))
        #expect(keys.sMac == Array(expected[32..<48]))
        #expect(!keys.description.contains("89986191"))
    }

    @Test("the derived keys MAC-verify and decrypt the recorded BPP's first 87 segment to ConfigureISDP")
    func recordedKeysOpenFirstSegment() throws {
        let keys = try SessionKeys.derive(
            oneTimePrivateKey: try recordedOtSK(), peerOneTimePublicKey: try V.bytes(V.smdpOtpk),
            hostId: try V.bytes(V.hostId), eid: try V.bytes(V.eid))
        var bsp = try BSP(sessionKeys: keys)
        let (tag, plaintext) = try bsp.unprotect(segment: try V.bytes(firstSegment87))
        #expect(tag == 0x87)
        #expect(plaintext == [0xBF, 0x24, 0x00])
    }

    @Test("SharedInfo without the EID-LV gives keys that fail the recorded MAC")
    func withoutEIDFails() throws {
        let z = try ECKA.sharedSecret(privateKey: try recordedOtSK(), peerPublicKey: try V.bytes(V.smdpOtpk))
        let info = try V.bytes("8810" + "08" + V.hostId)
        let material = z.x963DerivedSymmetricKey(using: SHA256.self, sharedInfo: info, outputByteCount: 48).withUnsafeBytes { Array($0) }
        var bsp = try BSP(sEnc: Array(material[16..<32]), sMac: Array(material[32..<48]), macChainingValue: Array(material[0..<16]))
        #expect(throws: BSPError.macMismatch) { try bsp.unprotect(segment: try V.bytes(firstSegment87)) }
    }

    @Test("both sides of a fresh key agreement derive the same session keys")
    func bothSidesAgree() throws {
        let smdp = P256.KeyAgreement.PrivateKey()
        let euicc = P256.KeyAgreement.PrivateKey()
        let hostId: [UInt8] = Array("host".utf8)
        let eid = try V.bytes(V.eid)
        let onSMDP = try SessionKeys.derive(
            oneTimePrivateKey: smdp, peerOneTimePublicKey: ECKA.uncompressed(euicc.publicKey), hostId: hostId, eid: eid)
        let onEUICC = try SessionKeys.derive(
            oneTimePrivateKey: euicc, peerOneTimePublicKey: ECKA.uncompressed(smdp.publicKey), hostId: hostId, eid: eid)
        #expect(onSMDP == onEUICC)
        #expect(Set([onSMDP.initialMacChainingValue, onSMDP.sEnc, onSMDP.sMac]).count == 3)
        let otherEID = try V.bytes("89049032123451234512345678901234")
        #expect(try SessionKeys.derive(
            oneTimePrivateKey: smdp, peerOneTimePublicKey: ECKA.uncompressed(euicc.publicKey), hostId: hostId, eid: otherEID) != onSMDP)
    }

    @Test("a one-time public key that is truncated, compressed or not on the curve is rejected")
    func invalidPeerKeys() throws {
        let key = P256.KeyAgreement.PrivateKey()
        let valid = try V.bytes(V.smdpOtpk)
        var offCurve = valid
        offCurve[64] ^= 0x01
        let compressed = Array(P256.KeyAgreement.PrivateKey().publicKey.compressedRepresentation)
        let cases: [[UInt8]] = [[], Array(valid.dropLast()), valid + [0], compressed, [0x05] + Array(valid.dropFirst()), offCurve]
        for bad in cases {
            #expect(throws: KeyAgreementError.self) { try ECKA.sharedSecret(privateKey: key, peerPublicKey: bad) }
        }
    }

    @Test("hostId outside 1…16 bytes or an EID that is not 16 bytes is rejected")
    func invalidSharedInfo() throws {
        let eid = try V.bytes(V.eid)
        #expect(throws: KeyAgreementError.self) { try SessionKeys.sharedInfo(hostId: [], eid: eid) }
        #expect(throws: KeyAgreementError.self) { try SessionKeys.sharedInfo(hostId: [UInt8](repeating: 1, count: 17), eid: eid) }
        #expect(throws: KeyAgreementError.self) { try SessionKeys.sharedInfo(hostId: [1], eid: Array(eid.dropLast())) }
        #expect(try SessionKeys.sharedInfo(hostId: [UInt8](repeating: 1, count: 16), eid: eid).count == 2 + 17 + 17)
    }
}
