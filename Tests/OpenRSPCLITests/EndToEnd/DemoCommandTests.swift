import Foundation
import Testing

@testable import OpenRSPCLI

@Suite("openrsp demo")
struct DemoCommandTests {
    @Test("runs the whole loop on loopback and succeeds")
    func demoSucceeds() async throws {
        var demo = try DemoCommand.parse(["--json"])
        try await demo.run()
    }
}
