import Foundation
import RSPHTTP
import Testing

@testable import OpenRSPCLI

/// `serve --metrics-port`: the process's SGP.22 calls, as a Prometheus scraper reads them.
@Suite("openrsp serve --metrics-port")
struct ServeMetricsTests {
    static func scrape(_ port: Int) async throws -> (type: String?, text: String) {
        let answer = try await ScaleOut.HealthProbe.get(MetricsRoutes.path, port: port, ci: nil)
        #expect(answer.status == 200)
        return (answer.contentType, answer.body)
    }

    @Test("a device's calls are counted on the es9plus listener (InitiateAuthentication executed, AuthenticateClient failed with its codes), and the store's commits",
          .timeLimit(.minutes(3)))
    func deviceCallsCounted() async throws {
        let processes = try OpenRSPProcesses()
        defer { processes.killAll() }
        let site = ServeProcessTests.Site(processes: processes, base: try LoopbackPorts.freeBlock(5))
        let metricsPort = site.base + 4
        let serve = try await site.startServe(["--metrics-port", "\(metricsPort)"], listening: [site.base, metricsPort])
        try await processes.succeed(["euicc", "init", "--dir", site.card, "--pki", site.data + "/pki"])
        #expect(serve.stdout.contains("metrics: GET http://127.0.0.1:\(metricsPort)/metrics"), "\(serve.stdout)")

        let before = try await Self.scrape(metricsPort)
        #expect(before.type == "text/plain; version=0.0.4; charset=utf-8")
        #expect(!before.text.contains("rsp_function_calls_total{"), "nothing called yet: \(before.text)")

        // No order has this matchingId: the SM-DP+ refuses it in AuthenticateClient.
        let download = try await processes.run(site.lpa(["download", "--activation-code", "1$localhost:\(site.base)$NO-SUCH-ORDER"]))
        #expect(download.status != 0, "\(download)")

        let after = try await Self.scrape(metricsPort).text
        #expect(after.contains(
            #"rsp_function_calls_total{listener="es9plus",function="initiateAuthentication",status="Executed-Success",subject_code="",reason_code=""} 1"#),
            "\(after)")
        let refused = after.split(separator: "\n").filter {
            $0.hasPrefix(#"rsp_function_calls_total{listener="es9plus",function="authenticateClient",status="Failed""#)
        }
        #expect(refused.count == 1 && refused.first?.hasSuffix("} 1") == true, "\(after)")
        #expect(refused.first?.contains(#"subject_code="8.2.6""#) == true, "\(refused)")
        #expect(after.contains(#"rsp_function_duration_seconds_count{listener="es9plus",function="initiateAuthentication"} 1"#))
        #expect(!after.contains("NO-SUCH-ORDER"), "no label carries what the device sent")
        // The session InitiateAuthentication opened was committed to the SM-DP+'s SQLite file.
        let commits = after.split(separator: "\n").first { $0.hasPrefix(#"sqlite_commit_duration_seconds_count{database="smdp"}"#) }
        #expect((commits?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 1, "\(after)")
        #expect(after.contains(#"sqlite_commit_writes_bucket{database="smdp",le="64.0"}"#), "\(after)")
    }
}
