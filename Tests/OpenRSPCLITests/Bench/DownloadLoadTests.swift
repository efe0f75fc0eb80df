import Foundation
import Testing

@testable import OpenRSPCLI

/// The benchmark's short form, run by CI: it must complete every download without an error.
/// Its speed is printed, never asserted (a debug build on a shared CI machine says nothing).
@Suite("openrsp bench: short form")
struct DownloadLoadTests {
    @Test("200 complete downloads over HTTPS by 4 concurrent eUICCs: all installed, no error")
    func shortForm() async throws {
        let report = try await DownloadLoad(
            downloads: 200, concurrency: 4, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")).run()
        #expect(report.downloads == 200)
        #expect(report.errors == 0)
        #expect(Set(report.latency.keys) == ["initiateAuthentication", "authenticateClient", "getBoundProfilePackage", "handleNotification"])
        print(String(format: "bench short form (debug build): %.1f downloads/s", report.downloadsPerSecond))
    }
}
