import Foundation
import Testing

/// `openrsp bench --event-loops` and `--tls-groups` on the real executable: the options reach the
/// in-process deployment and the report.
@Suite("openrsp bench: event loops, TLS groups, context switches and peak RSS in the report")
struct BenchEventLoopsTests {
    @Test("--event-loops N runs the SM-DP+ on N loops (without it, one per core) and reports N, the context switches and the peak RSS",
          arguments: [1, 3, nil])
    func eventLoops(count: Int?) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-loops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "bench", "--seconds", "0.01", "--downloads", "12", "--concurrency", "3", "--store", "memory", "--json",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path,
        ] + (count.map { ["--event-loops", "\($0)"] } ?? [])
        let process = try OpenRSPProcess(arguments: arguments, outputDirectory: directory, name: "bench")
        let result = try await process.waitForExit(timeout: .seconds(300))
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let downloads = try #require(try result.jsonObject()["downloads"] as? [String: Any])
        #expect(downloads["errors"] as? Int == 0)
        #expect(downloads["eventLoopThreads"] as? Int == count ?? ProcessInfo.processInfo.activeProcessorCount)
        let cpu = try #require(downloads["cpu"] as? [String: Any])
        #expect((cpu["voluntaryContextSwitchesPerDownload"] as? Double ?? 0) > 0)
        let memory = try #require(downloads["memory"] as? [String: Any])
        #expect((memory["peakResidentSetBytes"] as? Int ?? 0) > 1 << 20)
    }

    @Test("--event-loops is refused against a remote server, and below 1")
    func refused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-loops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [
            ["bench", "--server", "https://localhost:1", "--downloads", "1", "--event-loops", "1"],
            ["bench", "--downloads", "1", "--event-loops", "0"],
        ] {
            let result = try await OpenRSPProcess(arguments: arguments, outputDirectory: directory, name: "refused").waitForExit()
            #expect(result.status != 0 && !result.signalled, "\(result)")
            #expect(result.stderr.contains("--event-loops"), "\(result)")
        }
    }

    @Test("--tls-groups x25519: the SM-DP+ accepts only X25519, every download completes, and the report says so")
    func tlsGroups() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "bench", "--seconds", "0.01", "--downloads", "6", "--concurrency", "2", "--store", "memory", "--json",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path, "--tls-groups", "x25519",
        ]
        let result = try await OpenRSPProcess(arguments: arguments, outputDirectory: directory, name: "bench").waitForExit(timeout: .seconds(300))
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let downloads = try #require(try result.jsonObject()["downloads"] as? [String: Any])
        #expect(downloads["errors"] as? Int == 0)
        #expect(downloads["tlsGroups"] as? String == "x25519")
    }
}
