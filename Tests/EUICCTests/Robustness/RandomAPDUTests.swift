import EUICC
import Foundation
import RSPCore
import RSPTestSupport
import Testing

/// Whatever a terminal sends, the card answers with a status word and keeps working.
@Suite("The APDU front survives random commands")
struct RandomAPDUTests {
    @Test("3000 random and half-valid APDUs each get a response ending in a status word; the card still answers SELECT")
    func randomCommands() async throws {
        let fixture = try EUICCFixture()
        let card = SoftwareEUICC(isdr: fixture.isdr)
        var rng = SplitMix64(state: 0xC0FFEE)
        let select: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x10] + [UInt8]([0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF,
                                                                      0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00])
        for round in 0..<3000 {
            var apdu: [UInt8]
            if round % 3 == 0 {
                // A plausible STORE DATA with random content, after selecting the ISD-R.
                _ = try await card.transmit(select)
                let data = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                apdu = [0x80, 0xE2, [0x11, 0x91, 0x00][Int.random(in: 0..<3, using: &rng)], UInt8.random(in: 0...2, using: &rng),
                        UInt8(data.count)] + data
            } else {
                apdu = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            let response = try await card.transmit(apdu)
            #expect(response.count >= 2)
        }
        _ = try await card.reset()
        let answer = try await card.transmit(select)
        #expect(Array(answer.suffix(2)) == [0x90, 0x00] || answer.suffix(2).first == 0x61)
    }
}
