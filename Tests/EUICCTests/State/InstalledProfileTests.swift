import RSPCore
import SwiftASN1
import Testing

@testable import EUICC

@Suite("InstalledProfile is a value: copies are independent, equality and hashing cover every field")
struct InstalledProfileTests {
    func profile(_ digits: Int = 1) throws -> InstalledProfile {
        let pki = try #require(EUICCFixture.sharedPKI)
        return InstalledProfile(
            aid: Array(repeating: 0xA0, count: 16), state: .disabled, nickname: "Work",
            metadata: TestSMDP(pki: pki).metadata(iccid: try ProfileFixtures.iccid(digits)),
            configureISDP: ConfigureISDPRequest(dpProprietaryData: nil), profileElements: [0xA0, 0x00])
    }

    @Test("changing any field of a copy leaves the original as it was, and makes the two unequal")
    func copiesAreIndependent() throws {
        let original = try profile()
        let other = try profile(2)
        let changes: [(inout InstalledProfile) -> Void] = [
            { $0.aid[15] = 0x01 },
            { $0.state = .enabled },
            { $0.nickname = nil },
            { $0.metadata = other.metadata },
            { $0.configureISDP = ConfigureISDPRequest(dpProprietaryData: DpProprietaryData(dpOid: [1, 3, 6, 1, 4, 1, 31746])) },
            { $0.profileElements.append(0x00) },
        ]
        for change in changes {
            var copy = original
            change(&copy)
            #expect(copy != original)
            #expect(original == (try profile()))
        }
    }

    @Test("equal profiles built apart hash alike; a list of them compares by content")
    func equalityAndHash() throws {
        let a = try profile()
        let b = try profile()
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(Set([a, try profile(2)]).count == 2)
        var state = EUICCState(profiles: [a])
        let saved = state
        state.profiles.append(b)
        #expect(saved.profiles == [a])
        #expect(state.profiles == [a, b])
    }
}
