import Crypto
import RSPCrypto
import SwiftASN1
import Testing

/// The signature checks of the recorded pySim session (verification.txt), each over the exact byte
/// range SGP.22 defines, and each failing once one bit of the signed data or the signature is flipped.
@Suite("Signatures of the recorded pySim session")
struct RecordedSignatureTests {
    typealias V = RecordedSession

    /// serverSigned1 and serverSignature1 ('5F37' DO) from InitiateAuthentication's response.
    let serverSigned1 =
        "30518010a136211522c14bb6bc73a8b4b67b8f308110b0001d9157c391902553937d5388dab3831974657374736d6470706c7573312e6578616d706c652e636f6d8410a532d79bee80796d2c2eb68199271499"
    let serverSignature1DO =
        "5f37403dfadf148c72e8bdbaf1582b692b9fdc91371c731f47cf1518de75e1f32acc163c2e5350186df05d7a4da6dcb75f22f0c8b5c31765bcad9d5613639e91667902"
    /// euiccSigned1 and euiccSignature1 from AuthenticateServerResponse.
    let euiccSigned1 =
        "3081e68010a136211522c14bb6bc73a8b4b67b8f30831974657374736d6470706c7573312e6578616d706c652e636f6d8410a532d79bee80796d2c2eb68199271499bf2278810302030182030204008303234200840d810100820400049c68830222238505006b36d3c3860311020087030203008802029ca9160414304bc5acc1acdf54b40e17bd46e61d264e2dcb26aa160414304bc5acc1acdf54b40e17bd46e61d264e2dcb2604030100000c0e4f534d4f434f4d2d544553542d31a02a801e5453343856352d53414950322d332d4e4f424552544c562d554e49515545a108800435230145a100"
    let euiccSignature1 =
        "29e0343ba781c5a73a6ae679e42f1c6007abbcc164e9b4b72da35c0fed90dc66156aedd0cd2d23124ea7e855b7f53295faff45bbb3910deae3fc5c78361128bc"
    /// smdpSigned2 and smdpSignature2 ('5F37' DO) from AuthenticateClient's response.
    let smdpSigned2 = "30158010a136211522c14bb6bc73a8b4b67b8f30010100"
    let smdpSignature2DO =
        "5f3740967328791d2a43eb4855f4c38043d64f66c14d3314a6c22063918096149132318a5537c731510828a001a347561a3eb9fa046b8ec6c511b35b4ba3867869a856"
    /// PrepareDownloadResponse ('BF21') holding euiccSigned2 and euiccSignature2.
    let prepareDownloadResponse =
        "bf21819ea0819b30568010a136211522c14bb6bc73a8b4b67b8f305f4941041a1a80e32831dbd02ea1dcdf36489e4723483219895933423eb54271b992da8a52f66e69bfae105aeefc715a81e6a316b565fb5562e0021948d624242a37ad5a5f3740a9c5d2b4d6d8ecca706879b8578cd96b5190a550018007aaa93531d7a9419b2c9549ca3712f4180124f8be036300572f3f8bd0ba49fd19a0b02defb2e4b84587"
    /// PendingNotification: ProfileInstallationResult ('BF37') holding 'BF27' and euiccSignPIR.
    let profileInstallationResult =
        "bf3781a3bf275d8010a136211522c14bb6bc73a8b4b67b8f30bf2f22800101810207800c1974657374736d6470706c7573312e6578616d706c652e636f6d060388370aa21fa01d4f10a0000005591010ffffffff890000100004093007a00530038001005f374057ba25fab76a68d7809b48cdc8e2a2a2d4f8698b326d8434040e7cdab29a99f5dc6d939b3d03a855fc94713b5f1bd8d97d3fd31f46a25b137c0300768d5dd054"

    /// Checks that `signature` verifies over `data`, and fails after flipping one bit in either.
    func expectVerifiesAndRejectsFlippedBits(
        _ data: [UInt8], _ signature: RSPSignature, _ key: P256.Signing.PublicKey,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(signature.isValid(for: data, publicKey: key), sourceLocation: sourceLocation)
        try signature.verify(data, publicKey: key)
        let flippedData = V.flippingBit(data, at: data.count / 2)
        #expect(throws: SignatureError.invalidSignature, sourceLocation: sourceLocation) {
            try signature.verify(flippedData, publicKey: key)
        }
        let flippedSignature = try RSPSignature(rawRepresentation: V.flippingBit(signature.rawRepresentation, at: 40, bit: 0x80))
        #expect(!flippedSignature.isValid(for: data, publicKey: key), sourceLocation: sourceLocation)
    }

    /// The children of a constructed TLV, through swift-asn1.
    func children(_ bytes: some Collection<UInt8>) throws -> [ASN1Node] {
        let node = try DER.parse(Array(bytes))
        guard case .constructed(let nodes) = node.content else {
            Issue.record("expected a constructed TLV")
            return []
        }
        return Array(nodes)
    }

    func primitiveValue(_ node: ASN1Node) throws -> [UInt8] {
        guard case .primitive(let value) = node.content else { throw ASN1Error.invalidASN1Object(reason: "not primitive") }
        return Array(value)
    }

    @Test("serverSignature1 from the recorded session has the 5F3740 prefix and verifies over serverSigned1 with CERT.DPauth")
    func serverSignature1Verifies() throws {
        let dataObject = try V.bytes(serverSignature1DO)
        #expect(Array(dataObject.prefix(3)) == [0x5F, 0x37, 0x40])
        let signature = try RSPSignature(dataObject: dataObject)
        #expect(signature.dataObject == dataObject)
        let signed = SignedData.serverSignature1(serverSigned1: try V.bytes(serverSigned1))
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certDPauth))
    }

    @Test("serverSignature1 does not verify with another certificate's key")
    func serverSignature1WrongKey() throws {
        let signature = try RSPSignature(dataObject: try V.bytes(serverSignature1DO))
        let signed = SignedData.serverSignature1(serverSigned1: try V.bytes(serverSigned1))
        #expect(!signature.isValid(for: signed, publicKey: try V.publicKey(certificateHex: V.certDPpb)))
    }

    @Test("euiccSignature1 from the recorded session verifies over euiccSigned1 with CERT.EUICC")
    func euiccSignature1Verifies() throws {
        let signature = try RSPSignature(rawRepresentation: try V.bytes(euiccSignature1))
        let signed = SignedData.euiccSignature1(euiccSigned1: try V.bytes(euiccSigned1))
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certEUICC))
    }

    @Test("smdpSignature2 from the recorded session verifies over smdpSigned2 ‖ 5F3740 ‖ euiccSignature1 with CERT.DPpb")
    func smdpSignature2Verifies() throws {
        let signature = try RSPSignature(dataObject: try V.bytes(smdpSignature2DO))
        let signed = try SignedData.smdpSignature2(
            smdpSigned2: try V.bytes(smdpSigned2), euiccSignature1: try V.bytes(euiccSignature1))
        #expect(signed == (try V.bytes(smdpSigned2 + "5f3740" + euiccSignature1)))
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certDPpb))
    }

    @Test("euiccSignature2 from the recorded session verifies over euiccSigned2 ‖ 5F3740 ‖ smdpSignature2 with CERT.EUICC")
    func euiccSignature2Verifies() throws {
        // BF21 { A0 { 30 euiccSigned2, 5F37 euiccSignature2 } }
        let responseOk = try children(try V.bytes(prepareDownloadResponse))
        let fields = try children(try #require(responseOk.first).encodedBytes)
        try #require(fields.count == 2)
        let euiccSigned2 = Array(fields[0].encodedBytes)
        let signature = try RSPSignature(dataObject: fields[1].encodedBytes)
        let smdpSignature2 = try RSPSignature(dataObject: try V.bytes(smdpSignature2DO))
        let signed = try SignedData.euiccSignature2(euiccSigned2: euiccSigned2, smdpSignature2: smdpSignature2.rawRepresentation)
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certEUICC))
        // The euiccOtpk inside euiccSigned2 is the one the BPP's key agreement used.
        #expect(try primitiveValue(try children(euiccSigned2)[1]) == (try V.bytes(V.euiccOtpk)))
    }

    @Test("InitialiseSecureChannel smdpSign verifies over remoteOpId…smdpOtpk ‖ 5F4941 ‖ euiccOtpk with CERT.DPpb")
    func initialiseSecureChannelSmdpSignVerifies() throws {
        let tlv = try V.bytes(V.initialiseSecureChannelRequest)
        let euiccOtpk = try V.bytes(V.euiccOtpk)
        let (signed, smdpSign) = try SignedData.initialiseSecureChannelSmdpSign(initialiseSecureChannelRequest: tlv, euiccOtpk: euiccOtpk)
        // content bytes after 'BF23 81AE' up to the '5F37' smdpSign, then 5F49 41 ‖ euiccOtpk
        let expected = Array(tlv[4..<(tlv.count - 67)]) + [0x5F, 0x49, 0x41] + euiccOtpk
        #expect(signed == expected)
        let signature = try RSPSignature(rawRepresentation: smdpSign)
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certDPpb))
    }

    @Test("InitialiseSecureChannel smdpSign does not verify against another eUICC one-time key")
    func initialiseSecureChannelOtherOtpk() throws {
        let tlv = try V.bytes(V.initialiseSecureChannelRequest)
        let otherOtpk = Array(P256.KeyAgreement.PrivateKey().publicKey.x963Representation)
        let (signed, smdpSign) = try SignedData.initialiseSecureChannelSmdpSign(initialiseSecureChannelRequest: tlv, euiccOtpk: otherOtpk)
        #expect(!(try RSPSignature(rawRepresentation: smdpSign)).isValid(for: signed, publicKey: try V.publicKey(certificateHex: V.certDPpb)))
    }

    @Test("an InitialiseSecureChannelRequest without smdpOtpk, truncated, or with another tag is rejected")
    func initialiseSecureChannelMalformed() throws {
        let tlv = try V.bytes(V.initialiseSecureChannelRequest)
        let euiccOtpk = try V.bytes(V.euiccOtpk)
        #expect(throws: SignatureError.self) {
            try SignedData.initialiseSecureChannelSmdpSign(initialiseSecureChannelRequest: Array(tlv.dropLast()), euiccOtpk: euiccOtpk)
        }
        #expect(throws: SignatureError.self) {
            try SignedData.initialiseSecureChannelParts([0xBF, 0x23, 0x03, 0x82, 0x01, 0x01])
        }
        #expect(throws: SignatureError.self) {
            try SignedData.initialiseSecureChannelParts([0xBF, 0x24, 0x03, 0x82, 0x01, 0x01])
        }
        #expect(throws: SignatureError.self) {
            try SignedData.initialiseSecureChannelSmdpSign(signedContent: [], euiccOtpk: Array(euiccOtpk.dropFirst()))
        }
    }

    @Test("euiccSignPIR from the recorded session verifies over the whole BF27 profileInstallationResultData with CERT.EUICC")
    func euiccSignPIRVerifies() throws {
        let fields = try children(try V.bytes(profileInstallationResult))
        try #require(fields.count == 2)
        let pirData = Array(fields[0].encodedBytes)
        #expect(Array(pirData.prefix(2)) == [0xBF, 0x27])
        let signature = try RSPSignature(dataObject: fields[1].encodedBytes)
        let signed = SignedData.euiccSignPIR(profileInstallationResultData: pirData)
        try expectVerifiesAndRejectsFlippedBits(signed, signature, try V.publicKey(certificateHex: V.certEUICC))
    }
}
