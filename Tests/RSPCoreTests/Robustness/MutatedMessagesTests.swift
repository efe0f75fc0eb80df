import Foundation
import RSPCore
import RSPTestSupport
import Testing

/// Bad input never crashes a decoder: thousands of deterministic mutations of the recorded
/// session's messages (bit flips, byte changes, cuts, insertions) go through every catalogued
/// structure; each must decode or throw.
@Suite("Decoders survive mutated input")
struct MutatedMessagesTests {
    static func seeds() throws -> [[UInt8]] {
        let fields: [(String, String)] = [
            ("euiccInfo1", "messages/01-initiateAuthentication.req.json"),
            ("serverSigned1", "messages/01-initiateAuthentication.resp.json"),
            ("authenticateServerResponse", "messages/02-authenticateClient.req.json"),
            ("profileMetadata", "messages/02-authenticateClient.resp.json"),
            ("smdpSigned2", "messages/02-authenticateClient.resp.json"),
            ("prepareDownloadResponse", "messages/03-getBoundProfilePackage.req.json"),
            ("pendingNotification", "messages/04-handleNotification.req.json"),
        ]
        return try fields.map { try Vectors.base64Field($0.0, of: $0.1) }
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: out[Int.random(in: 0..<out.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
        case 1: out[Int.random(in: 0..<out.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 2: out = Array(out.prefix(Int.random(in: 0..<out.count, using: &rng)))
        case 3: out.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...out.count, using: &rng))
        default:
            // A length byte near the start set to something large: over-long lengths.
            out[min(out.count - 1, Int.random(in: 1..<4, using: &rng))] = [0x81, 0x82, 0x83, 0xFF, 0x7F][Int.random(in: 0..<5, using: &rng)]
        }
        return out
    }

    @Test("1500 mutations of recorded messages through every catalogued decoder: decoded or refused, never a crash")
    func mutations() throws {
        var rng = SplitMix64(state: 0x0E5_1A22)
        let seeds = try Self.seeds()
        var refused = 0
        for round in 0..<1500 {
            let input = Self.mutate(seeds[round % seeds.count], &rng)
            for entry in MessageCatalogue.entries {
                do {
                    let value = try entry.decode(input)
                    _ = try? value.derEncoded()
                } catch {
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
    }
}
