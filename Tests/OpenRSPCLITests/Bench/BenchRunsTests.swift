import Foundation
import Testing

/// `openrsp bench --runs N` on the real executable: N independent runs, the median one reported.
@Suite("openrsp bench: repeated runs")
struct BenchRunsTests {
    @Test("--runs 3 makes three runs, lists their downloads/s and reports the median one")
    func median() async throws {
        let result = try await BenchProcess.run([
            "--seconds", "0.01", "--downloads", "10", "--concurrency", "2", "--store", "memory", "--json", "--runs", "3",
            "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path,
        ])
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
        let result = try await BenchProcess.run(["--downloads", "1", "--runs", "0"], name: "refused")
        #expect(result.status != 0 && !result.signalled, "\(result)")
        #expect(result.stderr.contains("--runs"), "\(result)")
    }

    @Test("--transport-floor with --runs 2: one replay, after the last run, reported with the median run")
    func transportFloorOnce() async throws {
        let result = try await BenchProcess.run([
            "--seconds", "0.01", "--downloads", "6", "--concurrency", "2", "--store", "memory", "--json", "--runs", "2",
            "--transport-floor", "--profile", profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path,
        ], name: "floor")
        #expect(result.status == 0 && !result.signalled, "\(result)")
        let downloads = try #require(try result.jsonObject()["downloads"] as? [String: Any])
        let floor = try #require(downloads["transportFloor"] as? [String: Any])
        #expect(floor["downloads"] as? Int == 6 && floor["errors"] as? Int == 0)
        #expect(floor["connectionsOpened"] as? Int == 6)
        #expect((floor["boundDownloadsPerSecond"] as? Double ?? 0) > 0)
    }

    @Test("--transport-floor needs an in-process run of --downloads N", arguments: [
        ["--transport-floor"], ["--transport-floor", "--downloads", "1", "--server", "https://127.0.0.1:1"],
    ])
    func transportFloorRefused(arguments: [String]) async throws {
        let result = try await BenchProcess.run(arguments, name: "floor-refused")
        #expect(result.status != 0 && !result.signalled, "\(result)")
        #expect(result.stderr.contains("--transport-floor"), "\(result)")
    }
}
