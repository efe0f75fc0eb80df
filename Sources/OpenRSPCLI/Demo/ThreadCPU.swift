import Foundation

/// CPU time of the process's threads grouped by the work they run, so that a bench run says where
/// the time outside the cryptography went without a profiler. The kernel keeps each thread's time
/// on the CPU (`/proc/self/task/TID/schedstat`, nanoseconds) and its name (`comm`), and the
/// threads of this process are told apart by their names (`Role.of(threadName:)`). Linux only.
struct ThreadCPU: Sendable {
    /// What a thread runs, from its kernel name.
    enum Role: String, CaseIterable, Encodable, Sendable {
        /// `openrsp-dev-N` (`DeviceExecutor`): the simulated LPAs and software eUICCs; and
        /// `openrsp-dev-ioN` (`DeviceEventLoops`): their TLS and HTTP.
        case devices
        /// `NIO-ELT-…` (a group of its own) or `NIO-SGLTN-…` (SwiftNIO's shared one): the event
        /// loops of the SM-DP+ (its TLS and HTTP) and of the deployment's other clients.
        case eventLoops
        /// Dispatch's default-QoS workers, named after their root queue (`…default-qos`, truncated
        /// to the kernel's 15 bytes): Swift concurrency's global executor, so the SM-DP+'s request
        /// handlers and the store's reads, which run on the calling task.
        case concurrencyPool
        /// Dispatch's overcommit workers (`…qos.overcommit`): serial dispatch queues, here the
        /// SQLite store's writer (GRDB's queue) and its group commits.
        case serialQueues
        /// Any other thread, and threads that ended within the interval (process − the rest).
        case other

        static func of(threadName name: String) -> Role {
            if name.hasPrefix("openrsp-dev-") { return .devices }
            if name.hasPrefix("NIO-ELT-") || name.hasPrefix("NIO-SGLTN-") { return .eventLoops }
            if name.hasSuffix("qos.overcommit") { return .serialQueues }
            if name.hasSuffix("-qos") { return .concurrencyPool }
            return .other
        }
    }

    /// Seconds on the CPU so far and name, by thread id.
    let threads: [Int: (name: String, seconds: Double)]

    /// The process's threads now; nil where the kernel does not tell (not Linux, no schedstat).
    static func now() -> ThreadCPU? {
        let directory = "/proc/self/task"
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var threads: [Int: (name: String, seconds: Double)] = [:]
        for id in ids {
            guard let tid = Int(id),
                  let name = try? String(contentsOfFile: "\(directory)/\(id)/comm", encoding: .utf8),
                  let schedstat = try? String(contentsOfFile: "\(directory)/\(id)/schedstat", encoding: .utf8),
                  let nanoseconds = schedstat.split(separator: " ").first.flatMap({ Double($0) })
            else { continue }  // ended between the listing and the read
            threads[tid] = (name.trimmingCharacters(in: .newlines), nanoseconds / 1e9)
        }
        return threads.isEmpty ? nil : ThreadCPU(threads: threads)
    }

    /// CPU seconds per role between `start` and this sample, out of `processSeconds` the process
    /// used in the same interval: what the named threads do not account for is `other`. A thread
    /// that began within the interval counts from zero.
    func seconds(since start: ThreadCPU, processSeconds: Double) -> [Role: Double] {
        var byRole = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, 0.0) })
        for (tid, thread) in threads {
            let before = start.threads[tid].map { $0.name == thread.name ? $0.seconds : 0 } ?? 0
            byRole[Role.of(threadName: thread.name), default: 0] += max(0, thread.seconds - before)
        }
        let named = byRole.filter { $0.key != .other }.values.reduce(0, +)
        byRole[.other] = max(0, processSeconds - named)
        return byRole
    }
}
