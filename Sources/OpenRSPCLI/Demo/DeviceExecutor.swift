import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time as the kernel counts it (user + system), in seconds.
enum CPUTime {
    /// The whole process, every thread (`getrusage(RUSAGE_SELF)`).
    static func process() -> Double {
        guard let usage = selfUsage() else { return 0 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// How often the process's threads gave up the CPU so far (`getrusage(RUSAGE_SELF)`): voluntary
    /// switches are mostly a thread waiting for work another thread hands it (a thread hop),
    /// involuntary ones the scheduler preempting a thread that still had work.
    static func contextSwitches() -> (voluntary: Int, involuntary: Int) {
        guard let usage = selfUsage() else { return (0, 0) }
        return (Int(usage.ru_nvcsw), Int(usage.ru_nivcsw))
    }

    /// One thread (`pthread_getcpuclockid` + `clock_gettime`); nil when the thread is gone.
    static func thread(_ thread: pthread_t) -> Double? {
        var clock = clockid_t()
        guard pthread_getcpuclockid(thread, &clock) == 0 else { return nil }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return nil }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `getrusage(RUSAGE_SELF)`: the whole process, every thread; nil if the kernel refuses.
    static func selfUsage() -> rusage? {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        return getrusage(who, &usage) == 0 ? usage : nil
    }

    private static func seconds(_ value: timeval) -> Double {
        Double(value.tv_sec) + Double(value.tv_usec) / 1e6
    }
}

/// The threads the simulated devices (LPAs and software eUICCs) run on, so that their CPU time can
/// be told apart from the SM-DP+'s in one process: the download workers are started with this
/// executor as their task executor preference (SE-0417), which also runs the default actors they
/// call (`SoftwareEUICC`, `ISDR`) on these threads. Everything else — the SM-DP+'s handlers, its
/// store, and both ends' HTTP and TLS on the SwiftNIO event loops — runs on other threads.
final class DeviceExecutor: TaskExecutor, @unchecked Sendable {
    /// Guards `jobs`, `head`, `stopping` and `threads` (NSCondition: the workers wait on it).
    private let condition = NSCondition()
    /// A FIFO queue: `jobs[head...]` are waiting (the consumed prefix is dropped now and then).
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var threads: [pthread_t] = []
    private var running = 0

    /// Starts `count` threads and returns once each is running.
    init(threads count: Int) {
        let started = DispatchSemaphore(value: 0)
        for index in 0..<max(1, count) {
            let name = "openrsp-dev-\(index)"
            let thread = Thread { [self] in
                Self.nameKernelThread(name)
                condition.lock()
                threads.append(pthread_self())
                running += 1
                condition.unlock()
                started.signal()
                work()
            }
            thread.name = name
            thread.start()
        }
        for _ in 0..<max(1, count) { started.wait() }
    }

    /// Foundation keeps `Thread.name` to itself on Linux, and the threads would show under the
    /// name of the one that started them (a dispatch worker's): the kernel's name is what `perf`,
    /// `top -H` and /proc show, and profiles tell device from server threads by it. Glibc's
    /// `pthread_setname_np` is not imported, so the name goes through /proc (15 bytes at most).
    static func nameKernelThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        #endif
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// CPU seconds the device threads have used so far (all of them, since they started).
    func cpuSeconds() -> Double {
        condition.lock()
        let threads = self.threads
        condition.unlock()
        return threads.reduce(0) { $0 + (CPUTime.thread($1) ?? 0) }
    }

    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads.count
    }

    /// Lets the threads finish the jobs still queued, then end; returns once they have.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
