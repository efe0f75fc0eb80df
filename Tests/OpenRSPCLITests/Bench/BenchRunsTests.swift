import Foundation
import Testing

/// `openrsp bench --runs N` on the real executable: N independent runs, the median one reported.
@Suite("openrsp bench: repeated runs")
struct BenchRunsTests {
    @Test("--runs 3 makes three runs, lists their downloads/s and reports the median one")
    func median() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "bench", "--seconds", "0.01", "--downloads", "10", "--concurrency", "2", "--store", "memory", "--json", "--runs", "3",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path,
        ]
        let result = try await OpenRSPProcess(arguments: arguments, outputDirectory: directory, name: "bench")
            .waitForExit(timeout: .seconds(300))
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let object = try result.jsonObject()
        let runs = try #require(object["runs"] as? [Double])
        #expect(runs.count == 3 && runs.allSatisfy { $0 > 0 })
        let downloads = try #require(object["downloads"] as? [String: Any])
        #expect(downloads["errors"] as? Int == 0)
        #expect(downloads["downloads"] as? Int == 10)
        #expect(downloads["downloadsPerSecond"] as? Double == runs.sorted()[1])
    }

    @Test("--runs below 1 is refused")
    func refused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-bench-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await OpenRSPProcess(arguments: ["bench", "--downloads", "1", "--runs", "0"], outputDirectory: directory, name: "refused")
            .waitForExit()
        #expect(result.status != 0 && !result.signalled, "\(result)")
        #expect(result.stderr.contains("--runs"), "\(result)")
    }
}
