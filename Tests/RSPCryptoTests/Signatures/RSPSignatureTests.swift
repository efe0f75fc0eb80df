import Crypto
import RSPCrypto
import Testing

@Suite("ECDSA P-256 signatures in the SGP.22 r‖s form")
struct RSPSignatureTests {
    typealias V = RecordedSession

    @Test("a signature made with a fresh key verifies over the same bytes and not over others")
    func signAndVerify() throws {
        let key = P256.Signing.PrivateKey()
        let data: [UInt8] = Array("euiccCancelSessionSigned".utf8)
        let signature = try RSPSignature.sign(data, with: key)
        #expect(signature.rawRepresentation.count == 64)
        try signature.verify(data, publicKey: key.publicKey)
        #expect(!signature.isValid(for: data + [0], publicKey: key.publicKey))
        #expect(!signature.isValid(for: data, publicKey: P256.Signing.PrivateKey().publicKey))
        #expect(throws: SignatureError.invalidSignature) {
            try RSPSignature.verify(rawSignature: signature.rawRepresentation, over: data + [0], publicKey: key.publicKey)
        }
    }

    @Test("signatures of the wrong length are rejected with a typed error, never a crash")
    func wrongLength() throws {
        let key = P256.Signing.PrivateKey()
        for count in [0, 1, 63, 65, 72, 128] {
            #expect(throws: SignatureError.wrongSignatureLength(expected: 64, actual: count)) {
                try RSPSignature(rawRepresentation: [UInt8](repeating: 1, count: count))
            }
            #expect(throws: SignatureError.wrongSignatureLength(expected: 64, actual: count)) {
                try RSPSignature.verify(rawSignature: [UInt8](repeating: 1, count: count), over: [1, 2, 3], publicKey: key.publicKey)
            }
        }
    }

    @Test("an all-zero r‖s does not verify")
    func zeroSignature() throws {
        let signature = try RSPSignature(rawRepresentation: [UInt8](repeating: 0, count: 64))
        #expect(!signature.isValid(for: [1, 2, 3], publicKey: P256.Signing.PrivateKey().publicKey))
        #expect(throws: SignatureError.invalidSignature) {
            try signature.verify([1, 2, 3], publicKey: P256.Signing.PrivateKey().publicKey)
        }
    }

    @Test("r‖s converts to X9.62 DER and back, matching swift-crypto's DER form")
    func derRoundTrip() throws {
        for _ in 0..<20 {
            let signature = try P256.Signing.PrivateKey().signature(for: [1, 2, 3])
            let ours = try RSPSignature(rawRepresentation: signature.rawRepresentation)
            #expect(try ours.derRepresentation == Array(signature.derRepresentation))
            #expect(try RSPSignature(derRepresentation: signature.derRepresentation) == ours)
        }
    }

    @Test("the DER signature of CERT.DPauth converts to r‖s with r and s left-padded to 32 bytes")
    func derKnownVector() throws {
        let der = try V.bytes(
            "3046022100b36ae11ff6add6064bb456d60158495a5003919f08d6d32c46b6cac582c794fc02210085015f7c33c608e888ba30fc898a812171cb67b2a3cf553c935fa33ef13d015c")
        let signature = try RSPSignature(derRepresentation: der)
        #expect(signature.rawRepresentation == (try V.bytes(
            "b36ae11ff6add6064bb456d60158495a5003919f08d6d32c46b6cac582c794fc85015f7c33c608e888ba30fc898a812171cb67b2a3cf553c935fa33ef13d015c")))
        #expect(try signature.derRepresentation == der)

        // Short r and s (leading zero bytes in r‖s) encode minimally and decode back padded.
        let short = try RSPSignature(rawRepresentation: [0, 0, 0x7F] + [UInt8](repeating: 0x11, count: 29) + [0] + [UInt8](repeating: 0x80, count: 31))
        let shortDER = try short.derRepresentation
        #expect(shortDER == [0x30, 0x42, 0x02, 0x1E, 0x7F] + [UInt8](repeating: 0x11, count: 29) + [0x02, 0x20, 0x00] + [UInt8](repeating: 0x80, count: 31))
        #expect(try RSPSignature(derRepresentation: shortDER) == short)
    }

    @Test("malformed X9.62 DER signatures are rejected with a typed error")
    func malformedDER() throws {
        let valid = try V.bytes(
            "3046022100b36ae11ff6add6064bb456d60158495a5003919f08d6d32c46b6cac582c794fc02210085015f7c33c608e888ba30fc898a812171cb67b2a3cf553c935fa33ef13d015c")
        let cases: [[UInt8]] = [
            [],
            Array(valid.dropLast()),  // truncated
            valid + [0x00],  // trailing byte
            [0x30, 0x03, 0x02, 0x01, 0x01],  // s missing
            [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01],  // negative r
            [0x30, 0x26, 0x02, 0x21, 0x01] + [UInt8](repeating: 0, count: 32) + [0x02, 0x01, 0x01],  // r of 33 significant bytes
            [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01],  // SET instead of SEQUENCE
        ]
        for bytes in cases {
            #expect(throws: SignatureError.self) { try RSPSignature(derRepresentation: bytes) }
        }
    }

    @Test("the 5F37 data object is 5F 37 40 ‖ r‖s and parses back; truncated or mistagged objects throw")
    func dataObject() throws {
        let raw = (0..<64).map { UInt8($0) }
        let signature = try RSPSignature(rawRepresentation: raw)
        #expect(signature.dataObject == [0x5F, 0x37, 0x40] + raw)
        #expect(try RSPSignature(dataObject: signature.dataObject) == signature)
        #expect(throws: SignatureError.self) { try RSPSignature(dataObject: Array(signature.dataObject.dropLast())) }
        #expect(throws: SignatureError.self) { try RSPSignature(dataObject: signature.dataObject + [0]) }
        #expect(throws: SignatureError.self) { try RSPSignature(dataObject: [0x5F, 0x49, 0x40] + raw) }
        #expect(throws: SignatureError.wrongSignatureLength(expected: 64, actual: 63)) {
            try RSPSignature(dataObject: [0x5F, 0x37, 0x3F] + raw.dropLast())
        }
    }

    @Test("smdpSignature2 and euiccSignature2 inputs refuse a previous signature of the wrong length")
    func chainedInputsRequire64Bytes() throws {
        #expect(throws: SignatureError.wrongSignatureLength(expected: 64, actual: 63)) {
            try SignedData.smdpSignature2(smdpSigned2: [0x30, 0x00], euiccSignature1: [UInt8](repeating: 1, count: 63))
        }
        #expect(throws: SignatureError.wrongSignatureLength(expected: 64, actual: 67)) {
            try SignedData.euiccSignature2(euiccSigned2: [0x30, 0x00], smdpSignature2: [UInt8](repeating: 1, count: 67))
        }
    }

    @Test("notification and cancel-session signatures cover exactly the signed TLV")
    func otherSignedParts() throws {
        let key = P256.Signing.PrivateKey()
        // NotificationMetadata: BF2F { 80 01 02, 81 02 07 80, 0C 03 "a.b" }
        let tbsOtherNotification: [UInt8] = [0xBF, 0x2F, 0x0C, 0x80, 0x01, 0x02, 0x81, 0x02, 0x07, 0x80, 0x0C, 0x03, 0x61, 0x2E, 0x62]
        let notificationData = SignedData.euiccNotificationSignature(tbsOtherNotification: tbsOtherNotification)
        #expect(notificationData == tbsOtherNotification)
        let notificationSignature = try RSPSignature.sign(notificationData, with: key)
        try notificationSignature.verify(tbsOtherNotification, publicKey: key.publicKey)
        #expect(!notificationSignature.isValid(for: V.flippingBit(tbsOtherNotification, at: 5), publicKey: key.publicKey))

        // EuiccCancelSessionSigned: 30 { 80 01 AA, 06 03 88 37 0A, 81 01 00 }
        let cancelSigned: [UInt8] = [0x30, 0x0B, 0x80, 0x01, 0xAA, 0x06, 0x03, 0x88, 0x37, 0x0A, 0x81, 0x01, 0x00]
        let cancelData = SignedData.euiccCancelSessionSignature(euiccCancelSessionSigned: cancelSigned)
        #expect(cancelData == cancelSigned)
        let cancelSignature = try RSPSignature.sign(cancelData, with: key)
        try cancelSignature.verify(cancelSigned, publicKey: key.publicKey)
        #expect(!cancelSignature.isValid(for: V.flippingBit(cancelSigned, at: 12), publicKey: key.publicKey))
    }
}
