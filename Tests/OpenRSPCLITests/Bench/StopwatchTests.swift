import Foundation
import Testing

@testable import OpenRSPCLI

@Suite("Stopwatch")
struct StopwatchTests {
    @Test("one interrupted slice does not count: the rate is the fastest slice's")
    func fastestSliceCounts() {
        var calls = 0
        // Every call takes ~1 ms; the first one is held up 2 s, as a preempted thread would be. Its
        // slice averages ≥ 250 ms a call; the bound below sits far from both, because under CI's
        // load a 1 ms sleep may well take several.
        let result = Stopwatch(seconds: 0.1, slices: 5).measure("sleep") {
            calls += 1
            usleep(calls == 1 ? 2_000_000 : 1000)
        }
        #expect(result.microsecondsPerOperation > 900)
        #expect(result.microsecondsPerOperation < 100_000)
        #expect(abs(result.operationsPerSecond * result.microsecondsPerOperation - 1e6) < 1)
    }

    @Test("a ceiling measured twice keeps each operation's faster figure, and the ratio is taken against it")
    func fasterOfTwoCeilings() {
        typealias Name = CryptoCeiling.Name
        func ceiling(sign: Double, verify: Double) -> CryptoCeiling {
            CryptoCeiling(operations: [
                CryptoCeiling.Operation(name: Name.sign, operationsPerSecond: 1e6 / sign, microsecondsPerOperation: sign),
                CryptoCeiling.Operation(name: Name.verify, operationsPerSecond: 1e6 / verify, microsecondsPerOperation: verify),
            ], profileBytes: 100, cores: 2)
        }
        let slowSign = ceiling(sign: 40, verify: 60)
        let slowVerify = ceiling(sign: 30, verify: 90)
        let best = slowSign.fastest(with: slowVerify)
        #expect(best.operations.map(\.microsecondsPerOperation) == [30, 60])
        #expect(slowVerify.fastest(with: slowSign).operations.map(\.microsecondsPerOperation) == [30, 60])
        // 3 signs + 3 verifications on each side: 2 × (90 + 180) µs per download, on 2 cores.
        #expect(best.combined.microsecondsPerDownload == 540)
        #expect(abs(best.combined.machine - 2e6 / 540) < 1e-9)
        #expect(best.combined.machine > slowSign.combined.machine && best.combined.machine > slowVerify.combined.machine)
    }
}
