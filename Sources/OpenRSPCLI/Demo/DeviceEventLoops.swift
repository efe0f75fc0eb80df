import Foundation
import NIOCore
import RSPHTTP

#if canImport(Glibc)
import Glibc
#endif

/// The simulated devices' own SwiftNIO event loops: their LPAs' TLS and HTTP run here, apart from
/// the SM-DP+'s loops, so that "server CPU" is the server's alone. On shared loops the devices'
/// handshakes (a chain validation and a key agreement each) were billed to the server.
///
/// The threads are named `openrsp-dev-ioN`, so `ThreadCPU` counts them as devices, and their CPU
/// clocks are read beside `DeviceExecutor`'s.
final class DeviceEventLoops: Sendable {
    let loops: EventLoops
    private let threads: [pthread_t]

    private init(loops: EventLoops, threads: [pthread_t]) {
        self.loops = loops
        self.threads = threads
    }

    /// Starts `count` loops and names their threads.
    static func start(threads count: Int) async throws -> DeviceEventLoops {
        let loops = EventLoops(threads: count)
        var threads: [pthread_t] = []
        do {
            for (index, loop) in loops.group.makeIterator().enumerated() {
                threads.append(try await loop.submit {
                    DeviceExecutor.nameKernelThread("openrsp-dev-io\(index)")
                    return pthread_self()
                }.get())
            }
        } catch {
            await loops.shutdown()
            throw error
        }
        return DeviceEventLoops(loops: loops, threads: threads)
    }

    var threadCount: Int { threads.count }

    /// CPU seconds the loops' threads have used so far.
    func cpuSeconds() -> Double {
        threads.reduce(0) { $0 + (CPUTime.thread($1) ?? 0) }
    }

    /// Call once every client on the loops has shut down.
    func shutdown() async {
        await loops.shutdown()
    }
}
