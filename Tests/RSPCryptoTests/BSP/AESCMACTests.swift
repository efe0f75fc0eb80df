import Crypto
import CryptoExtras
import Testing

@testable import RSPCrypto

@Suite("AES-CMAC in one CBC pass (RFC 4493)")
struct AESCMACTests {
    static let key = SymmetricKey(data: [UInt8](hexText: "2b7e151628aed2a6abf7158809cf4f3c")!)
    static let message = [UInt8](hexText: """
        6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710
        """)!

    @Test("RFC 4493's four examples: empty, one block, a partial last block, four blocks", arguments: [
        (0, "bb1d6929e95937287fa37d129b756746"),
        (16, "070a16b46b4d4144f79bdd9dd04a287c"),
        (40, "dfa66747de9ae63030ca32611497c827"),
        (64, "51f0bebf7e3b9d92fc49741779363cfe"),
    ])
    func rfc4493(length: Int, expected: String) throws {
        let cmac = try AESCMAC(key: Self.key)
        #expect(try cmac.mac(Array(Self.message.prefix(length))) == [UInt8](hexText: expected))
    }

    @Test("the same MAC as swift-crypto's AES.CMAC for every length from 0 to 80 bytes, random keys and data")
    func matchesSwiftCrypto() throws {
        for length in 0...80 {
            let key = SymmetricKey(size: .bits128)
            let data = (0..<length).map { _ in UInt8.random(in: 0...255) }
            var reference = try AES.CMAC(key: key)
            reference.update(data: data)
            #expect(try AESCMAC(key: key).mac(data) == Array(reference.finalize()), "length \(length)")
        }
    }

    @Test("one changed bit changes the MAC")
    func tamperedMessage() throws {
        let cmac = try AESCMAC(key: Self.key)
        var tampered = Self.message
        tampered[33] ^= 0x01
        #expect(try cmac.mac(tampered) != cmac.mac(Self.message))
    }
}
