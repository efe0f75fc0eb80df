import Crypto
import CryptoExtras

/// AES-CMAC (NIST SP 800-38B, RFC 4493) for one key, built from swift-crypto's AES block function
/// and AES-CBC: the CBC-MAC of all blocks but the last is one `AES._CBC` pass, then the last
/// block, tweaked with subkey K1 or K2, is enciphered alone.
///
/// Why not `AES.CMAC`: BoringSSL's `CMAC_Update` enciphers block by block through `EVP_Cipher`,
/// and its per-call overhead is several times the cost of the AES round itself. BSP MACs every
/// ~1 KB segment of a profile, on both ends, so one hardware CBC pass per segment is what
/// matters. The result is the same MAC: the tests check it against RFC 4493's examples and
/// against `AES.CMAC` on random inputs.
struct AESCMAC: Sendable {
    private let key: SymmetricKey
    private let k1: [UInt8]
    private let k2: [UInt8]

    private static let blockSize = 16
    /// R_128: the constant of the subkey doubling in GF(2^128).
    private static let rb: UInt8 = 0x87

    init(key: SymmetricKey) throws {
        self.key = key
        var l = [UInt8](repeating: 0, count: Self.blockSize)
        try AES.permute(&l, key: key)
        k1 = Self.double(l)
        k2 = Self.double(k1)
    }

    /// The full 16-byte MAC of `message`.
    func mac(_ message: [UInt8]) throws -> [UInt8] {
        let size = Self.blockSize
        let complete = !message.isEmpty && message.count % size == 0
        let lastStart = message.isEmpty ? 0 : (complete ? message.count - size : message.count - message.count % size)
        // X: the CBC-MAC of every block before the last (zero if there is none).
        var chained = [UInt8](repeating: 0, count: size)
        if lastStart > 0 {
            let encrypted = try AES._CBC.encrypt(
                message[..<lastStart], using: key, iv: AES._CBC.IV(ivBytes: chained), noPadding: true)
            chained = Array(encrypted.suffix(size))
        }
        var last = Array(message[lastStart...])
        if !complete { last.append(0x80) }
        while last.count < size { last.append(0) }
        let subkey = complete ? k1 : k2
        for i in 0..<size { chained[i] ^= last[i] ^ subkey[i] }
        try AES.permute(&chained, key: key)
        return chained
    }

    /// Doubling in GF(2^128): a left shift by one bit, folding the carry back in with R_128.
    private static func double(_ block: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: blockSize)
        var carry: UInt8 = 0
        for i in stride(from: blockSize - 1, through: 0, by: -1) {
            out[i] = block[i] << 1 | carry
            carry = block[i] >> 7
        }
        // Branch-free: the subkeys are secret.
        out[blockSize - 1] ^= rb & (0 &- carry)
        return out
    }
}
