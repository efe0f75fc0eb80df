import RSPCrypto
import Testing

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test("gives exactly the bytes asked for, whole words or not", arguments: [0, 1, 7, 8, 9, 16, 32, 33])
    func length(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test("uses every byte of each draw: all 256 values appear in 16 KiB, and no two challenges repeat")
    func spread() {
        // A value missing from 16 KiB of uniform bytes has probability ~256·e⁻⁶⁴.
        #expect(Set(SecureRandom.bytes(16384)).count == 256)
        let challenges = (0..<64).map { _ in SecureRandom.bytes(16) }
        #expect(Set(challenges).count == 64)
    }

    @Test("bytes of one draw are not copies of each other")
    func bytesWithinAWordDiffer() {
        // Copying one byte of a draw eight times would make whole 8-byte runs uniform.
        let bytes = SecureRandom.bytes(4096)
        let uniformRuns = stride(from: 0, to: bytes.count, by: 8).filter { Set(bytes[$0..<$0 + 8]).count == 1 }
        #expect(uniformRuns.isEmpty)
    }
}
