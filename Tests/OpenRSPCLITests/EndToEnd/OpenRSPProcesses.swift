import Foundation
import Testing

#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin
private let streamSocket = SOCK_STREAM
#endif

/// Running the real `openrsp` executable (built by `swift build --build-tests`) as child
/// processes. Every wait polls against a deadline and throws `ProcessTimeout` instead of hanging;
/// `OpenRSPProcesses.killAll()` SIGKILLs whatever a test started (call it in a `defer`).
enum OpenRSPBinary {
    /// Tests/OpenRSPCLITests/EndToEnd/OpenRSPProcesses.swift → the package root.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var url: URL { packageRoot.appendingPathComponent(".build/debug/openrsp") }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "\(OpenRSPBinary.url.path) not found: build it with `swift build --build-tests`" }
    }
}

struct ProcessTimeout: Error, CustomStringConvertible {
    let description: String
}

/// What a finished command printed, and how it ended.
struct CommandResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let signalled: Bool
    let stdout: String
    let stderr: String

    var description: String {
        "openrsp \(arguments.joined(separator: " ")) → \(signalled ? "signal" : "exit") \(status)\nstdout: \(stdout)\nstderr: \(stderr.suffix(2_000))"
    }

    /// stdout as a JSON object (`es2`, `lpa --json`).
    func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw ProcessTimeout(description: "not a JSON object: \(self)")
        }
        return object
    }

    /// stdout as a JSON array (`lpa discover --json`, `profiles list --json`).
    func jsonArray() throws -> [Any] {
        guard let array = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [Any] else {
            throw ProcessTimeout(description: "not a JSON array: \(self)")
        }
        return array
    }
}

/// One `openrsp` child process; its stdout and stderr go to files (a chatty server never blocks
/// on a full pipe, and a killed one leaves them readable).
final class OpenRSPProcess: @unchecked Sendable {
    let arguments: [String]
    let process: Process
    let stdoutURL: URL
    let stderrURL: URL
    private let handles: [FileHandle]

    init(arguments: [String], outputDirectory: URL, name: String) throws {
        guard FileManager.default.isExecutableFile(atPath: OpenRSPBinary.url.path) else { throw OpenRSPBinary.Missing() }
        self.arguments = arguments
        stdoutURL = outputDirectory.appendingPathComponent("\(name).stdout")
        stderrURL = outputDirectory.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: stdoutURL)
        let err = try FileHandle(forWritingTo: stderrURL)
        handles = [out, err]
        process = Process()
        process.executableURL = OpenRSPBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = outputDirectory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            try? out.close()
            try? err.close()
            throw error
        }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        if process.isRunning { _ = kill(process.processIdentifier, number) }
    }

    /// Waits until the process ended; SIGKILLs it and throws when `timeout` passes first.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> CommandResult {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                signal(SIGKILL)
                throw ProcessTimeout(description: "openrsp \(arguments.joined(separator: " ")) still running after \(timeout)\nstderr: \(stderr.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        closeOutputs()
        return CommandResult(
            arguments: arguments, status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: stdout, stderr: stderr)
    }

    /// Waits until `condition` holds; throws when the process ends first or `timeout` passes.
    func wait(
        for what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard process.isRunning else {
                throw ProcessTimeout(description: "openrsp \(arguments.joined(separator: " ")) ended (status \(process.terminationStatus)) before \(what)\nstdout: \(stdout)\nstderr: \(stderr.suffix(2_000))")
            }
            guard ContinuousClock.now < deadline else {
                throw ProcessTimeout(description: "no \(what) after \(timeout)\nstderr: \(stderr.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    fileprivate func closeOutputs() {
        for handle in handles { try? handle.close() }
    }
}

/// The child processes of one test, in their own scratch directory.
final class OpenRSPProcesses: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var started: [OpenRSPProcess] = []
    private var count = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Starts `openrsp ARGUMENTS` without waiting for it.
    func spawn(_ arguments: [String]) throws -> OpenRSPProcess {
        let name = lock.withLock {
            count += 1
            return String(format: "%03d-", count) + (arguments.prefix(2).joined(separator: "-"))
        }
        let process = try OpenRSPProcess(arguments: arguments, outputDirectory: directory, name: name)
        lock.withLock { started.append(process) }
        return process
    }

    /// Runs `openrsp ARGUMENTS` to completion (at most `timeout`).
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> CommandResult {
        try await spawn(arguments).waitForExit(timeout: timeout)
    }

    /// Runs a command that must succeed; throws with its output otherwise.
    @discardableResult
    func succeed(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> CommandResult {
        let result = try await run(arguments, timeout: timeout)
        guard result.status == 0, !result.signalled else { throw ProcessTimeout(description: "failed: \(result)") }
        return result
    }

    /// SIGKILLs every process still running, reaps them (bounded), and removes the scratch directory
    /// (kept, with each command's stdout and stderr, when OPENRSP_KEEP_PROCESS_OUTPUT is set).
    func killAll() {
        let processes = lock.withLock { started }
        for process in processes { process.signal(SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        for process in processes {
            while process.isRunning, Date() < deadline { usleep(10_000) }
            process.closeOutputs()
        }
        if ProcessInfo.processInfo.environment["OPENRSP_KEEP_PROCESS_OUTPUT"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

/// Loopback ports.
enum LoopbackPorts {
    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// Whether 127.0.0.1:`port` can be bound now (without SO_REUSEADDR: a port in TIME_WAIT counts as taken).
    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// `count` consecutive free ports outside the range the system gives outgoing connections, so
    /// that none of the many connections the tests make takes one between this check and the bind
    /// (a server binds them only later, some after seconds of set-up); at a random base so that
    /// parallel runs do not collide.
    static func freeBlock(_ count: Int) throws -> Int {
        let outgoing = outgoingRange()
        // Above 10000, clear of well-known services; the larger side of the outgoing range.
        let below = 10_000..<max(10_000, outgoing.lowerBound)
        let above = min(65_536, outgoing.upperBound + 1)..<65_536
        let bases = (below.count >= above.count ? below : above).dropLast(count - 1)
        // A system that gives nearly every port to outgoing connections leaves no safe side.
        let pool = bases.count >= 1_000 ? bases : 20_000..<(32_000 - count)
        for _ in 0..<200 {
            let base = Int.random(in: pool)
            if (base..<base + count).allSatisfy(isFree) { return base }
        }
        throw ProcessTimeout(description: "no \(count) consecutive free loopback ports")
    }

    /// Holds 127.0.0.1:`port` bound without listening: connections to it are refused, as to a port
    /// nobody uses, but neither an outgoing connection nor another test can take it until `release`.
    final class Reservation: @unchecked Sendable {
        let port: Int
        private var descriptor: Int32

        init(_ port: Int) throws {
            self.port = port
            descriptor = socket(AF_INET, streamSocket, 0)
            var address = LoopbackPorts.loopback(port)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard descriptor >= 0, bound == 0 else {
                if descriptor >= 0 { close(descriptor) }
                throw ProcessTimeout(description: "127.0.0.1:\(port) cannot be reserved")
            }
        }

        /// Frees the port for the server that is about to bind it.
        func release() {
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }

        deinit { release() }
    }

    /// Linux's `net.ipv4.ip_local_port_range` (its default where that cannot be read).
    static func outgoingRange() -> ClosedRange<Int> {
        let fallback = 32_768...60_999
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8) else {
            return fallback
        }
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return fallback }
        return bounds[0]...bounds[1]
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }
}
