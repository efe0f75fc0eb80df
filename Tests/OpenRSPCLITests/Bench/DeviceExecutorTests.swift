import Foundation
import Testing

@testable import OpenRSPCLI

/// The simulated devices' threads: tasks that prefer them run there, where their CPU time is
/// counted apart from the SM-DP+'s, under a name a profiler shows.
@Suite("Device executor")
struct DeviceExecutorTests {
    /// The kernel's name of the calling thread, as `perf` and /proc show it.
    static func kernelThreadName() -> String? {
        (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a task preferring the executor runs on its threads, named for profilers, and their CPU time is counted")
    func runsOnNamedThreads() async throws {
        let devices = DeviceExecutor(threads: 2)
        defer { devices.shutdown() }
        #expect(devices.threadCount == 2)
        let name = await Task(executorPreference: devices) { () -> String? in
            // Busy for a while, so that the threads' CPU clocks move.
            var x: UInt64 = 1
            for i in 0..<2_000_000 { x = x &* 6364136223846793005 &+ UInt64(i) }
            return x == 0 ? nil : Self.kernelThreadName()
        }.value
        #if os(Linux)
        #expect(name == "openrsp-dev-0" || name == "openrsp-dev-1")
        #expect(Self.kernelThreadName()?.hasPrefix("openrsp-dev-") == false)
        #endif
        #expect(devices.cpuSeconds() > 0)
    }
}
