import Foundation
import NIOCore
import Testing

@testable import OpenRSPCLI

/// The simulated devices' own event loops: their TLS and HTTP run apart from the SM-DP+'s loops,
/// on threads counted as the devices'.
@Suite("Device event loops")
struct DeviceEventLoopsTests {
    @Test("each loop runs on a thread named openrsp-dev-ioN, counted as a device thread, whose CPU time is read")
    func namedAndCounted() async throws {
        let loops = try await DeviceEventLoops.start(threads: 2)
        #expect(loops.threadCount == 2)
        let before = loops.cpuSeconds()
        var names: Set<String> = []
        for loop in loops.loops.group.makeIterator() {
            let name = try await loop.submit { () -> String? in
                // Busy for a while, so that the thread's CPU clock moves.
                var x: UInt64 = 1
                for i in 0..<2_000_000 { x = x &* 6364136223846793005 &+ UInt64(i) }
                return x == 0 ? nil : DeviceExecutorTests.kernelThreadName()
            }.get()
            if let name { names.insert(name) }
        }
        #expect(loops.cpuSeconds() > before)
        await loops.shutdown()
        #if os(Linux)
        #expect(names == ["openrsp-dev-io0", "openrsp-dev-io1"])
        for name in names { #expect(ThreadCPU.Role.of(threadName: name) == .devices) }
        #endif
    }
}
