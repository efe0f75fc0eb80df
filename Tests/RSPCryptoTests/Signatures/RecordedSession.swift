import Crypto
import Foundation
import Testing
import X509

/// Values from the recorded pySim ES9+ session (shared/vectors/pysim-es9plus-session), inlined as hex,
/// and the helpers the Signatures, KeyAgreement and BSP tests share.
enum RecordedSession {
    /// Bytes from hexadecimal text; fails the test on malformed text.
    static func bytes(_ hex: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        try #require([UInt8](hexText: hex), "malformed hex", sourceLocation: sourceLocation)
    }

    /// The P-256 signing key of a DER certificate, through swift-certificates.
    static func publicKey(certificateHex: String) throws -> P256.Signing.PublicKey {
        let certificate = try Certificate(derEncoded: try bytes(certificateHex))
        return try #require(P256.Signing.PublicKey(certificate.publicKey))
    }

    /// The same bytes with one bit flipped.
    static func flippingBit(_ bytes: [UInt8], at index: Int, bit: UInt8 = 0x01) -> [UInt8] {
        var copy = bytes
        copy[index] ^= bit
        return copy
    }

    /// /work/shared/vectors/pysim-es9plus-session, found from this file's path (…/main/Tests/RSPCryptoTests/…).
    static var vectorsDirectory: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1, url.lastPathComponent != "Tests" {
            url.deleteLastPathComponent()
        }
        return url.deletingLastPathComponent().appendingPathComponent("../shared/vectors/pysim-es9plus-session").standardized
    }

    static func vectorFile(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: vectorsDirectory.appendingPathComponent(relativePath)))
    }

    // MARK: Certificates (pki/*.der)

    /// CERT.DPauth.ECDSA (serial 0x100): signs serverSigned1.
    static let certDPauth =
        "3082023a308201dfa00302010202020100300a06082a8648ce3d04030230443110300e06035504030c07546573742043493111300f060355040b0c0854455354434552543110300e060355040a0c0752535054455354310b3009060355040613024954301e170d3230303430313038333133305a170d3330303333303038333133305a3025310d300b060355040a0c0441434d453114301206035504030c0b5445535420534d2d44502b3059301306072a8648ce3d020106082a8648ce3d030107034200044dfed4f4694791bf1695cea0307a35b418019695387bb75b7d2447b6b5209f0445ae4e5e521cd13888d75fe07c8580222ae20dbaac1d77cd76304993421bd739a381df3081dc301f0603551d23041830168014304bc5acc1acdf54b40e17bd46e61d264e2dcb26301d0603551d0e04160414bd5a82cc1a96602118ba7560a1ff83a78b210be5300e0603551d1104073005880388370a300e0603551d0f0101ff04040302078030170603551d200101ff040d300b300906076781120102010430610603551d1f045a3058302aa028a0268624687474703a2f2f63692e746573742e6578616d706c652e636f6d2f43524c2d412e63726c302aa028a0268624687474703a2f2f63692e746573742e6578616d706c652e636f6d2f43524c2d422e63726c300a06082a8648ce3d0403020349003046022100b36ae11ff6add6064bb456d60158495a5003919f08d6d32c46b6cac582c794fc02210085015f7c33c608e888ba30fc898a812171cb67b2a3cf553c935fa33ef13d015c"

    /// CERT.DPpb.ECDSA (serial 0x101): signs smdpSigned2 and the InitialiseSecureChannelRequest.
    static let certDPpb =
        "3082023a308201dfa00302010202020101300a06082a8648ce3d04030230443110300e06035504030c07546573742043493111300f060355040b0c0854455354434552543110300e060355040a0c0752535054455354310b3009060355040613024954301e170d3230303430313038333434365a170d3330303333303038333434365a3025310d300b060355040a0c0441434d453114301206035504030c0b5445535420534d2d44502b3059301306072a8648ce3d020106082a8648ce3d03010703420004104c2ae3d02def9c979261a7c6710076b970721d0955a2644ae05fae4bc2314e5dc09f6bf0118026165342e212318775e365f3b57325373066b9906e0bd1388da381df3081dc301f0603551d23041830168014304bc5acc1acdf54b40e17bd46e61d264e2dcb26301d0603551d0e04160414e6eaf71ee0fb9430eccd1ebb421f881437c13263300e0603551d1104073005880388370a300e0603551d0f0101ff04040302078030170603551d200101ff040d300b300906076781120102010530610603551d1f045a3058302aa028a0268624687474703a2f2f63692e746573742e6578616d706c652e636f6d2f43524c2d412e63726c302aa028a0268624687474703a2f2f63692e746573742e6578616d706c652e636f6d2f43524c2d422e63726c300a06082a8648ce3d0403020349003046022100ff8f2df03e3b530403a8792a6487faf31a7f9848b85d62e159b9cb315fcbb82f022100d5af0c860dc8629b80e56e1aaad7b786a00f783a568ef83e400d29ce227725fe"

    /// CERT.EUICC.ECDSA (EID 89049032123451234512345678901235): signs euiccSigned1, euiccSigned2, the PIR.
    static let certEUICC =
        "308201ff308201a4a00302010202080200000000000001300a06082a8648ce3d0403023037310b300906035504061302455331153013060355040a0c0c52535020546573742045554d3111300f06035504030c0845554d20546573743020170d3230303430313039343835385a180f37343936303132343039343835385a3064310b300906035504061302455331153013060355040a0c0c52535020546573742045554d312930270603550405132038393034393033323132333435313233343531323334353637383930313233353113301106035504030c0a546573742065554943433059301306072a8648ce3d020106082a8648ce3d030107034200046db3f53adc87dc2ff10c7bfcd87ad13ae97009afa065a6757ee571b3f2ebb18f46c1d68f3edeb0e74b2e5d542051e7d27f50952028605afdef79fe9fffd03959a36b3069301f0603551d23041830168014dd3da24d350c1cc5d0af0965f40ec34c5ee409f1301d0603551d0e04160414a52476af5d50aa376437ccb1da2172ef45f484f0300e0603551d0f0101ff04040302078030170603551d200101ff040d300b3009060767811201020101300a06082a8648ce3d0403020349003046022100a99f76e8ce1a3df01d223eeadc4a5c43564f3ecb644f26ed21eb9421e3b92eaf0221008bf0559ec8ca4b7f4c7d5c1acda292845108bcc4c2e2cad2addea490c27489f9"

    // MARK: Session values

    static let eid = "89049032123451234512345678901235"
    static let hostId = "6d61686c7a656974"
    /// otSK.EUICC.ECKA scalar (session-secrets.json).
    static let euiccOtSKScalar = "e7d8d7a44b76d8153032b3d74932514c726a8a40cc05cc234dcf0154ae34138e"
    /// Z (session-secrets.json).
    static let sharedSecret = "1d889a061f8dd3be23e8f16bd0f493460f02bea691d01d875178e81ad3ad6ffd"
    /// otPK.DP.ECKA (smdpOtpk in the InitialiseSecureChannelRequest).
    static let smdpOtpk =
        "04786713e72227584b39706002c7c25fcbd1bc4fe49c50bb683ccb1da0fe3370f72d86a41ac3d5d14f6dc887be062dfcecaae9b685c25a05d9caf3be92c19d1c55"
    /// otPK.EUICC.ECKA (euiccOtpk in euiccSigned2).
    static let euiccOtpk =
        "041a1a80e32831dbd02ea1dcdf36489e4723483219895933423eb54271b992da8a52f66e69bfae105aeefc715a81e6a316b565fb5562e0021948d624242a37ad5a"
    /// The InitialiseSecureChannelRequest TLV of the BPP (bpp-parts.json tlv_hex).
    static let initialiseSecureChannelRequest =
        "bf2381ae8201018010a136211522c14bb6bc73a8b4b67b8f30a61080018881011084086d61686c7a6569745f494104786713e72227584b39706002c7c25fcbd1bc4fe49c50bb683ccb1da0fe3370f72d86a41ac3d5d14f6dc887be062dfcecaae9b685c25a05d9caf3be92c19d1c555f3740a58bf732232b3c50f72fceebb9892278e5e6be2d897b0a2829abf3d19afae3cd06086754b1b2f524e583c2f0b49b2526c8e3697300c9b17eb72f869bccd29334"
    /// ReplaceSessionKeys values of the recorded BPP (session-secrets.json).
    static let ppkEnc = "00000000000000000000000000000000"
    static let ppkCmac = "11111111111111111111111111111111"
    static let ppkInitialMacChainingValue = "22222222222222222222222222222222"
    static let uppSHA256 = "ea4db8bdc5740c0edf7afaf80922fe5730d561b3c41325413c03f80cea572a3e"
}

extension Array where Element == UInt8 {
    /// Parses hexadecimal text (test helper, independent of RSPCore's).
    init?(hexText: String) {
        let utf8 = Array(hexText.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let pair = UInt8(String(decoding: utf8[index..<(index + 2)], as: UTF8.self), radix: 16) else { return nil }
            out.append(pair)
            index += 2
        }
        self = out
    }
}
