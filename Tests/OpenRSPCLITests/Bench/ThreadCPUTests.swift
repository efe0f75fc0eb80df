import Foundation
import Testing

@testable import OpenRSPCLI

/// The bench's CPU split by thread: a thread is counted under the role its kernel name says, for
/// the time it ran between two samples.
@Suite("Thread CPU by role")
struct ThreadCPUTests {
    @Test("kernel thread names map to the work they run", arguments: [
        ("openrsp-dev-0", ThreadCPU.Role.devices), ("openrsp-dev-13", .devices), ("openrsp-dev-io0", .devices),
        ("NIO-ELT-1-#2", .eventLoops), ("NIO-SGLTN-0-#1", .eventLoops), ("TP-#0", .other),
        ("oot.default-qos", .concurrencyPool), ("user-initiated-qos", .concurrencyPool),
        ("-qos.overcommit", .serialQueues),
        ("openrsp", .other), ("swift-test", .other), ("", .other),
    ])
    func roleOfName(name: String, role: ThreadCPU.Role) {
        #expect(ThreadCPU.Role.of(threadName: name) == role)
    }

    @Test("each thread's time between the samples goes to its role; a new thread counts from zero; the unnamed rest is other")
    func rolesBetweenSamples() {
        let start = ThreadCPU(threads: [
            1: ("openrsp-dev-0", 1.0), 2: ("NIO-ELT-1-#1", 2.0), 3: ("oot.default-qos", 3.0), 4: ("-qos.overcommit", 4.0),
            5: ("openrsp", 5.0), 6: ("oot.default-qos", 6.0),
        ])
        let end = ThreadCPU(threads: [
            1: ("openrsp-dev-0", 1.5), 2: ("NIO-ELT-1-#1", 2.25), 3: ("oot.default-qos", 3.125), 4: ("-qos.overcommit", 4.0625),
            5: ("openrsp", 5.5),
            // Began within the interval: all of its time is the interval's.
            7: ("openrsp-dev-1", 0.25),
            // Thread 6 ended; its id came back as another thread: counted from zero too.
            6: ("NIO-ELT-1-#2", 0.5),
        ])
        let roles = end.seconds(since: start, processSeconds: 2.5)
        #expect(roles[.devices] == 0.75)
        #expect(roles[.eventLoops] == 0.75)
        #expect(roles[.concurrencyPool] == 0.125)
        #expect(roles[.serialQueues] == 0.0625)
        // The process's 2.5 s less the named threads' 1.6875 s: the main thread's 0.5 and the ended one's.
        #expect(roles[.other] == 2.5 - 1.6875)
        #expect(Set(roles.keys) == Set(ThreadCPU.Role.allCases))
    }

    @Test("named threads that ran more than the process measured leave other at zero, not below")
    func otherNeverNegative() {
        let start = ThreadCPU(threads: [1: ("openrsp-dev-0", 0)])
        let end = ThreadCPU(threads: [1: ("openrsp-dev-0", 1)])
        #expect(end.seconds(since: start, processSeconds: 0.9)[.other] == 0)
    }

    #if os(Linux)
    @Test("a busy device thread is seen by its kernel name: the devices' time is at least what it ran")
    func busyDeviceThread() async throws {
        let devices = DeviceExecutor(threads: 1)
        defer { devices.shutdown() }
        let start = try #require(ThreadCPU.now())
        let processStart = CPUTime.process()
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
        let roles = end.seconds(since: start, processSeconds: process)
        // Other tests may run device threads of their own meanwhile: a lower bound only. The
        // kernel brings a thread's schedstat up to date when it leaves the CPU, which the device
        // thread may not have done yet when the end is sampled: 10 ms of slack.
        #expect(try #require(roles[.devices]) >= spent - 0.01)
        #expect(roles.values.reduce(0, +) >= process - 1e-9)  // summed in another order than `other` was
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
        // Its 50 ms, less what a running thread's lagging schedstat can shift (a tick or two).
        #expect((roles[.other] ?? 0) >= 0.03)
    }
    #endif
}
