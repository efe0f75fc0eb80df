import Crypto
import RSPCrypto
import Testing

@Suite("One-time ECKA key pairs drawn by rejection sampling")
struct OneTimeKeyTests {
    /// The order n of P-256's base point: the first scalar that is out of range.
    static func order() throws -> [UInt8] {
        try RecordedSession.bytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
    }

    /// Hands out `candidates` in turn, recording how many were asked for and of which length.
    final class Scripted: @unchecked Sendable {
        var candidates: [[UInt8]]
        var lengths: [Int] = []
        init(_ candidates: [[UInt8]]) { self.candidates = candidates }
        func next(_ count: Int) -> [UInt8] {
            lengths.append(count)
            return candidates.isEmpty ? [UInt8](repeating: 0, count: count) : candidates.removeFirst()
        }
    }

    @Test("The private key is the drawn 32-byte scalar and the public key is that scalar times G")
    func keyIsTheDrawnScalar() throws {
        let scalar = [UInt8](repeating: 0x42, count: 32)
        let source = Scripted([scalar])
        let key = ECKA.oneTimeKey(random: source.next)
        #expect(Array(key.rawRepresentation) == scalar)
        #expect(source.lengths == [32])
        let reference = try P256.KeyAgreement.PrivateKey(rawRepresentation: scalar)
        #expect(ECKA.uncompressed(key.publicKey) == ECKA.uncompressed(reference.publicKey))
    }

    @Test("Zero, n and n+1 are rejected and the next candidate in range is taken")
    func outOfRangeCandidatesAreRejected() throws {
        let order = try Self.order()
        var nPlusOne = order
        nPlusOne[31] += 1
        var nMinusOne = order
        nMinusOne[31] -= 1
        let source = Scripted([[UInt8](repeating: 0, count: 32), order, nPlusOne, nMinusOne])
        let key = ECKA.oneTimeKey(random: source.next)
        #expect(Array(key.rawRepresentation) == nMinusOne)
        #expect(source.lengths.count == 4)
    }

    @Test("A source that only yields out-of-range candidates still gives a working key, after a bounded number of draws")
    func brokenSourceFallsBack() throws {
        let source = Scripted(Array(repeating: [UInt8](repeating: 0xFF, count: 32), count: 100))
        let key = ECKA.oneTimeKey(random: source.next, attempts: 5)
        #expect(source.lengths.count == 5)
        #expect(Array(key.rawRepresentation) != [UInt8](repeating: 0xFF, count: 32))
        let peer = P256.KeyAgreement.PrivateKey()
        let ours = try ECKA.sharedSecret(privateKey: key, peerPublicKey: ECKA.uncompressed(peer.publicKey))
        let theirs = try ECKA.sharedSecret(privateKey: peer, peerPublicKey: ECKA.uncompressed(key.publicKey))
        #expect(ours.rawBytes == theirs.rawBytes)
    }

    @Test("Keys from the system's generator are distinct and agree with their peers")
    func systemKeysAgree() throws {
        let keys = (0..<64).map { _ in ECKA.oneTimeKey() }
        #expect(Set(keys.map { Array($0.rawRepresentation) }).count == keys.count)
        let peer = ECKA.oneTimeKey()
        for key in keys.prefix(4) {
            let ours = try ECKA.sharedSecret(privateKey: key, peerPublicKey: ECKA.uncompressed(peer.publicKey))
            let theirs = try ECKA.sharedSecret(privateKey: peer, peerPublicKey: ECKA.uncompressed(key.publicKey))
            #expect(ours.rawBytes == theirs.rawBytes)
        }
    }
}
