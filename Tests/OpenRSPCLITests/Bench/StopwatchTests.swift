import Foundation
import Testing

@testable import OpenRSPCLI

@Suite("Stopwatch")
struct StopwatchTests {
    @Test("one interrupted slice does not count: the rate is the fastest slice's")
    func fastestSliceCounts() {
        var calls = 0
        // Every call takes ~1 ms; the first one is held up 200 ms, as a preempted thread would be.
        let result = Stopwatch(seconds: 0.1, slices: 5).measure("sleep") {
            calls += 1
            usleep(calls == 1 ? 200_000 : 1000)
        }
        #expect(result.microsecondsPerOperation > 900)
        #expect(result.microsecondsPerOperation < 3000)
        #expect(abs(result.operationsPerSecond * result.microsecondsPerOperation - 1e6) < 1)
    }
}
