import Foundation
import Testing

@testable import OpenRSPCLI

/// The bench's CPU split by thread: a thread is counted under the role its kernel name says, for
/// the time it ran between two samples.
@Suite("Thread CPU by role")
struct ThreadCPUTests {
    @Test("kernel thread names map to the work they run", arguments: [
        ("openrsp-dev-0", ThreadCPU.Role.devices), ("openrsp-dev-13", .devices),
        ("NIO-ELT-1-#2", .eventLoops), ("NIO-SGLTN-0-#1", .eventLoops), ("TP-#0", .other),
        ("oot.default-qos", .concurrencyPool), ("user-initiated-qos", .concurrencyPool),
        ("-qos.overcommit", .serialQueues),
        ("openrsp", .other), ("swift-test", .other), ("", .other),
    ])
    func roleOfName(name: String, role: ThreadCPU.Role) {
        #expect(ThreadCPU.Role.of(threadName: name) == role)
    }

    #if os(Linux)
    @Test("a device thread's busy time is counted as the devices' and nobody else's; the rest of the process is other")
    func busyDeviceThread() async throws {
        let devices = DeviceExecutor(threads: 1)
        defer { devices.shutdown() }
        let start = try #require(ThreadCPU.now())
        let processStart = CPUTime.process()
        let deviceStart = devices.cpuSeconds()
        let spent = await Task(executorPreference: devices) { () -> Double in
            // Busy for at least 50 ms of its own CPU time.
            let begin = CPUTime.thread(pthread_self()) ?? 0
            var x: UInt64 = 1
            while (CPUTime.thread(pthread_self()) ?? 0) - begin < 0.05 {
                for i in 0..<100_000 { x = x &* 6364136223846793005 &+ UInt64(i) }
            }
            return x == 0 ? 0 : 0.05
        }.value
        let end = try #require(ThreadCPU.now())
        let process = CPUTime.process() - processStart
        let device = devices.cpuSeconds() - deviceStart
        let roles = end.seconds(since: start, processSeconds: process)
        let counted = try #require(roles[.devices])
        #expect(counted >= spent && counted <= device + 0.005, "devices \(counted) s, the thread's clock \(device) s")
        // The device thread's time is nowhere else: the other roles together are what is left.
        let others = roles.filter { $0.key != .devices }.values.reduce(0, +)
        #expect(others <= max(0, process - counted) + 0.02, "others \(others) s of process \(process) s")
    }

    @Test("the time of a thread that ended within the interval is the process's, counted as other")
    func endedThread() throws {
        let start = try #require(ThreadCPU.now())
        let processStart = CPUTime.process()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { _ in
            let begin = CPUTime.thread(pthread_self()) ?? 0
            var x: UInt64 = 1
            while (CPUTime.thread(pthread_self()) ?? 0) - begin < 0.05 { x = x &* 31 &+ 7 }
            return x == 0 ? nil : nil
        }, nil)
        try #require(created == 0)
        pthread_join(thread, nil)  // ended and reaped: gone from /proc/self/task
        let end = try #require(ThreadCPU.now())
        let roles = end.seconds(since: start, processSeconds: CPUTime.process() - processStart)
        #expect((roles[.other] ?? 0) >= 0.045)
    }
    #endif
}
