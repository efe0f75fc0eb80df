import Foundation
import LPA
import Logging
import RSPCore
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

/// Runs `body` against a fresh loopback deployment (HTTPS SM-DP+ on 127.0.0.1, SQLite, software
/// eUICC, LPA) and always stops it.
func withDeployment<T>(
    serverVersions: VersionRange = .openRSPDefault, euiccVersions: VersionRange = .openRSPDefault,
    _ body: (LoopbackDeployment) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-e2e-\(UUID().uuidString)")
    var logger = Logger(label: "openrsp.e2e")
    logger.logLevel = .critical
    let deployment = try await LoopbackDeployment.start(
        in: directory, serverVersions: serverVersions, euiccVersions: euiccVersions, logger: logger)
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let result = try await body(deployment)
        await deployment.stop()
        return result
    } catch {
        await deployment.stop()
        throw error
    }
}

func profileURL(_ name: String) -> URL { Vectors.profiles.appendingPathComponent(name) }

/// Expects an LPA call to fail with the SM-DP+'s status code.
func expectServerStatus(
    _ expected: StatusCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(expected.subjectCode)/\(expected.reasonCode), got success", sourceLocation: sourceLocation)
    } catch let LPAError.server(status, _) {
        #expect(status.subjectCode == expected.subjectCode && status.reasonCode == expected.reasonCode,
                "got \(status)", sourceLocation: sourceLocation)
    } catch let status as StatusCode {
        #expect(status.subjectCode == expected.subjectCode && status.reasonCode == expected.reasonCode,
                "got \(status)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
