import Foundation
import Testing

/// `openrsp bench --event-loops` and `--tls-groups` on the real executable: the options reach the
/// in-process deployment and the report.
@Suite("openrsp bench: event loops, TLS groups, context switches and peak RSS in the report")
struct BenchEventLoopsTests {
    @Test("--event-loops N runs the SM-DP+ on N loops (without it, one per core) and reports N, the context switches and the peak RSS",
          arguments: [1, 3, nil])
    func eventLoops(count: Int?) async throws {
        let result = try await BenchProcess.run([
            "--seconds", "0.01", "--downloads", "12", "--concurrency", "3", "--store", "memory", "--json",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path,
        ] + (count.map { ["--event-loops", "\($0)"] } ?? []))
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let downloads = try #require(try result.jsonObject()["downloads"] as? [String: Any])
        #expect(downloads["errors"] as? Int == 0)
        #expect(downloads["eventLoopThreads"] as? Int == count ?? ProcessInfo.processInfo.activeProcessorCount)
        let cpu = try #require(downloads["cpu"] as? [String: Any])
        #expect((cpu["voluntaryContextSwitchesPerDownload"] as? Double ?? 0) > 0)
        let memory = try #require(downloads["memory"] as? [String: Any])
        #expect((memory["peakResidentSetBytes"] as? Int ?? 0) > 1 << 20)
    }

    @Test("--event-loops and --tls-groups are refused against a remote server; below 1 loop, or an unknown group, too")
    func refused() async throws {
        for (arguments, option) in [
            (["--server", "https://localhost:1", "--downloads", "1", "--event-loops", "1"], "--event-loops"),
            (["--downloads", "1", "--event-loops", "0"], "--event-loops"),
            (["--server", "https://localhost:1", "--downloads", "1", "--tls-groups", "x25519"], "--tls-groups"),
            (["--downloads", "1", "--tls-groups", "x448"], "--tls-groups"),
        ] {
            let result = try await BenchProcess.run(arguments, name: "refused")
            #expect(result.status != 0 && !result.signalled, "\(result)")
            #expect(result.stderr.contains(option), "\(result)")
        }
    }

    @Test("--tls-groups x25519: the SM-DP+ accepts only X25519, every download completes, and the report says so")
    func tlsGroups() async throws {
        let result = try await BenchProcess.run([
            "--seconds", "0.01", "--downloads", "6", "--concurrency", "2", "--store", "memory", "--json",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path, "--tls-groups", "x25519",
        ])
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let downloads = try #require(try result.jsonObject()["downloads"] as? [String: Any])
        #expect(downloads["errors"] as? Int == 0)
        #expect(downloads["tlsGroups"] as? String == "x25519")
    }
}
